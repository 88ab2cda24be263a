/**
 * Chinese for the tag and macro descriptions the service sends in English
 * (libs/tagging), keyed by the English text: one description covers a whole
 * family (`viewed:<category>`). test/console/tag-descriptions.spec.ts fails
 * when the service has a description this table does not translate.
 */
export const ZH_TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'Any event of the user, consent changes included.': '该用户的任何事件，包括同意状态的变更。',
  'Registered on the platform.': '已在平台注册。',
  'Viewed a fund of this category for at least 5 seconds.': '浏览过该类别的基金，停留至少 5 秒。',
  'Read an article of this kind.': '阅读过该类型的文章。',
  'Asked a question on this topic.': '就该主题提过问题。',
  'Was shown a campaign.': '看到过营销活动。',
  'Clicked a campaign.': '点击过营销活动。',
  'Any event naming this institution.': '任何涉及该机构的事件。',
  'Has at least one auto-invest plan started and not stopped.': '至少有一个已开始且未停止的定投计划。',
  'Has an active auto-invest plan with this institution.': '在该机构有进行中的定投计划。',
  'Follows at least one fund of this category.': '关注了至少一只该类别的基金。',
  'Follows at least one fund of this institution.': '关注了至少一只该机构的基金。',
  'Holds at least one open position in a fund of this category.': '当前持有至少一只该类别的基金。',
  'Holds at least one open position in a fund of this institution.': '当前持有至少一只该机构的基金。',
  'Risk tolerance level of the last risk assessment (C1 lowest … C5 highest).': '最近一次风险测评得出的风险承受等级（C1 最低 … C5 最高）。',
  'Registered within the last 30 days.': '最近 30 天内注册。',
  'Active within the last 30 days.': '最近 30 天内活跃。',
  'Active within the last 90 days but not within the last 30.': '最近 90 天内活跃，但最近 30 天内不活跃。',
  'Active at some time, but not within the last 90 days.': '曾经活跃，但最近 90 天内不活跃。',
};

/** A description in the chosen language; one the table does not know stays as the service sent it. */
// `locale` as in i18n.tsx; not imported from there, so the server-side check of this table needs no JSX
export function tagDescription(locale: string, english: string | null | undefined): string | undefined {
  if (!english) return undefined;
  return locale === 'zh-CN' ? (ZH_TAG_DESCRIPTIONS[english] ?? english) : english;
}

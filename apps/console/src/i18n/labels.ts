import type { Translate } from './i18n';
import type { MessageKey } from './messages.en';
import { en } from './messages.en';

// Codes the service sends (roles, audit actions, tag kinds, parser token
// descriptions) shown in the chosen language; a code without a wording is
// shown as it is rather than hidden.

function has(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export function roleLabel(t: Translate, role: string): string {
  const key = `role.${role}`;
  return has(key) ? t(key) : role;
}

/** An audit action's wording; the code itself stays next to it, since auditors filter and report by code. */
export function actionLabel(t: Translate, action: string): string {
  const key = `action.${action}`;
  return has(key) ? `${t(key)} (${action})` : action;
}

/** The name of a number in an audit record; tag names (a tag list's counts) and A/B stay as they are. */
export function numberLabel(t: Translate, name: string): string {
  const key = `numbers.${name}`;
  return has(key) ? t(key) : name;
}

export function kindLabel(t: Translate, kind: string): string {
  const key = `catalogue.kind.${kind}`;
  return has(key) ? t(key) : kind;
}

/** The expression parser's English descriptions of what it expected or found; keywords and quoted characters stay as typed. */
const TOKEN_WORDING: Record<string, MessageKey> = {
  'a tag name': 'token.tagName',
  'end of input': 'token.endOfInput',
  'a window like 30d': 'token.window',
  'a whole number': 'token.wholeNumber',
  nothing: 'token.nothing',
};

export function tokenLabel(t: Translate, description: string): string {
  const key = TOKEN_WORDING[description];
  return key ? t(key) : description;
}

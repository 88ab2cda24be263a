import { parseText } from '../builder/builder-state';
import { textErrorWords } from '../builder/TextForm';
import { translator } from './i18n';
import { actionLabel, kindLabel, numberLabel, roleLabel } from './labels';
import { en } from './messages.en';
import { zh } from './messages.zh';

const t = translator('zh-CN');

function textError(text: string) {
  const parsed = parseText(text);
  if (!('error' in parsed)) throw new Error(`${text} parses`);
  return parsed.error;
}

describe('Chinese wording of codes the service sends', () => {
  it('translates the parser’s descriptions of what it expected and found', () => {
    const atEnd = textErrorWords(textError('risk:C3 AND'), t);
    expect(atEnd).toContain('标签名');
    expect(atEnd).toContain('输入结尾');
    expect(atEnd).not.toMatch(/a tag name|end of input/);
    const inWindow = textErrorWords(textError('viewed:gold[x]'), t);
    expect(inWindow).toContain('时间窗口（如 30d）');
    expect(inWindow).toContain("'x'");
  });

  it('names roles, audit actions (with their code) and tag kinds', () => {
    expect(roleLabel(t, 'auditor')).toBe('审计人员');
    expect(roleLabel(t, 'someone')).toBe('someone');
    expect(actionLabel(t, 'segment.snapshot')).toBe('人群快照 (segment.snapshot)');
    expect(actionLabel(t, 'compliance.subjects')).toBe('审计人员查询个人 (compliance.subjects)');
    expect(actionLabel(t, 'new.action')).toBe('new.action');
    expect(kindLabel(t, 'activity')).toBe(zh['catalogue.kind.activity']);
    expect(numberLabel(t, 'leftOut')).toBe('排除人数');
    expect(numberLabel(t, 'risk:C3')).toBe('risk:C3');
  });

  it('has a Chinese text for every English one, and no English left in the new wording', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(zh)) {
      if (/^(role|action|token|error|subject|exposure|builder|signIn|overlap)\./.test(key)) {
        expect({ key, same: value === en[key as keyof typeof en] && /[a-z]{4,}/.test(value) }).toEqual({ key, same: false });
      }
    }
  });
});

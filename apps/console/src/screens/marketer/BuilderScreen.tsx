import { Alert, App as AntApp, Button, Card, Col, Form, Input, Row, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/api-client';
import type { Segment, TagInfo } from '../../api/api-types';
import { createSegment, redefineSegment } from '../../api/endpoints';
import { conflictKind, currentVersionOf, explainError } from '../../api/explain-error';
import { BuilderDraft, clearDraft, saveDraft } from '../../builder/builder-draft';
import { BuilderState, currentExpression, initialState, withText, withTree } from '../../builder/builder-state';
import { nodeForProblemPath, toExpression } from '../../builder/builder-tree';
import { createInput, redefineInput, saveBlock } from '../../builder/save-request';
import { StaleVersionNotice } from '../../builder/StaleVersionNotice';
import { TextForm } from '../../builder/TextForm';
import { TreeEditor } from '../../builder/TreeEditor';
import { useLiveSize } from '../../builder/use-live-size';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SizeView } from '../../components/SizeView';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';

interface BuilderProps {
  tags: readonly TagInfo[];
  editing?: Segment;
  /** Unsaved work from before a sign-out caused by a 401, to start from instead of `editing`'s text. */
  draft?: BuilderDraft;
  /** `sub|tenant` of the signed-in person, the owner of the drafts this builder keeps. */
  owner: string;
  onSaved(segment: Segment): void;
  onNew(): void;
  /** Loads the newest version of the segment being redefined. */
  onReload(id: string): void;
}

export function BuilderScreen({ tags, editing, draft, owner, onSaved, onNew, onReload }: BuilderProps) {
  const { t } = useI18n();
  const { api } = useSession();
  const { message } = AntApp.useApp();
  const [state, setState] = useState<BuilderState>(() => (draft ? withText(initialState(editing?.expression), draft.text) : initialState(editing?.expression)));
  const [name, setName] = useState(draft?.name ?? editing?.name ?? '');
  const [description, setDescription] = useState(draft?.description ?? editing?.description ?? '');
  const [saveError, setSaveError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  // Kept as it is typed, so a sign-in that ends on a 401 does not lose it.
  useEffect(() => {
    saveDraft({ owner, text: state.text, name, description, ...(editing ? { segmentId: editing.id, version: editing.version } : {}) });
  }, [owner, state.text, name, description, editing]);

  const expr = currentExpression(state);
  const blocked = saveBlock(state, name);
  const stale = conflictKind(saveError) === 'stale';
  const { nodeByPath, incomplete } = useMemo(() => toExpression(state.tree), [state.tree]);
  const live = useLiveSize(api, expr);

  // API problems are shown on the condition they are about; a text offset is shown in the text.
  const shown = live.error ?? saveError;
  const { problemsByNode, unplaced, serverOffset } = useMemo(() => placeProblems(shown, nodeByPath, t), [shown, nodeByPath, t]);

  const save = async (asNewVersion: boolean) => {
    if (!expr || saveBlock(state, name) !== undefined) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      const form = { name, description };
      const saved = asNewVersion && editing ? await redefineSegment(api, editing.id, redefineInput(editing, form, expr)) : await createSegment(api, createInput(form, expr));
      void message.success(t('builder.saved', { name: saved.name ?? name.trim(), version: saved.version ?? 1 }));
      clearDraft();
      onSaved(saved);
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card
          title={
            <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
              {editing ? t('builder.editing', { name: editing.name, version: editing.version ?? '?' }) : t('builder.title')}
            </Typography.Title>
          }
          extra={editing ? <Button onClick={onNew}>{t('builder.newSegment')}</Button> : null}
        >
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            {draft ? <Alert type="info" showIcon title={t('builder.draftRestored')} data-testid="draft-restored" /> : null}
            <TreeEditor root={state.tree} onChange={(tree) => setState(withTree(tree))} tags={tags} problems={problemsByNode} />
            {incomplete > 0 && expr ? <Typography.Text type="secondary">{t('builder.incomplete', { count: incomplete })}</Typography.Text> : null}
            <TextForm text={state.text} error={state.textError} serverOffset={serverOffset} onChange={(text) => setState((s) => withText(s, text))} />
          </Space>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Card data-testid="live-size">
            {expr ? (
              <SizeView
                title={t('builder.size')}
                answer={live.error ? undefined : live.answer}
                loading={live.loading}
                note={state.textError ? t('builder.sizeForLastValid') : undefined}
              />
            ) : (
              <Typography.Text>{t('builder.empty')}</Typography.Text>
            )}
            {live.error ? (
              <div style={{ marginTop: 8 }}>
                {unplaced ? <ErrorNotice error={unplaced} /> : <Alert type="error" role="alert" showIcon title={explainError(live.error, t).summary} />}
              </div>
            ) : null}
          </Card>
          <Card>
            <Form layout="vertical" onFinish={() => save(Boolean(editing))}>
              <Form.Item label={t('builder.name')} htmlFor="segment-name" required>
                <Input id="segment-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
              </Form.Item>
              <Form.Item label={t('builder.description')} htmlFor="segment-description">
                <Input.TextArea id="segment-description" value={description} onChange={(e) => setDescription(e.target.value)} autoSize={{ minRows: 1, maxRows: 4 }} />
              </Form.Item>
              <Space wrap>
                {editing ? (
                  <Button type="primary" htmlType="submit" loading={saving} disabled={blocked !== undefined} data-testid="save-version">
                    {t('builder.redefine')}
                  </Button>
                ) : null}
                <Button type={editing ? 'default' : 'primary'} onClick={() => save(false)} loading={saving} disabled={blocked !== undefined} data-testid="save-new">
                  {t('builder.save')}
                </Button>
              </Space>
              {blocked === 'text' ? (
                <Typography.Paragraph type="warning" style={{ marginTop: 8, marginBottom: 0 }} data-testid="save-blocked">
                  {t('builder.saveBlockedText')}
                </Typography.Paragraph>
              ) : null}
              {stale && editing ? (
                <div style={{ marginTop: 8 }}>
                  <StaleVersionNotice opened={editing.version} current={currentVersionOf(saveError)} text={state.text} onReload={() => onReload(editing.id)} />
                </div>
              ) : saveError ? (
                <div style={{ marginTop: 8 }}>
                  <ErrorNotice error={saveError} />
                </div>
              ) : null}
            </Form>
          </Card>
          {!expr && state.textError === undefined && state.text.trim() !== '' ? <Alert type="info" title={t('builder.empty')} /> : null}
        </Space>
      </Col>
    </Row>
  );
}

interface Placed {
  problemsByNode: Map<string, string[]>;
  /** The error itself when some of its problems have no condition to stand next to. */
  unplaced?: unknown;
  serverOffset?: { offset: number; message: string };
}

function placeProblems(error: unknown, nodeByPath: ReadonlyMap<string, string>, t: ReturnType<typeof useI18n>['t']): Placed {
  const problemsByNode = new Map<string, string[]>();
  if (!(error instanceof ApiError)) return { problemsByNode, unplaced: error };
  const explained = explainError(error, t);
  let unplacedCount = 0;
  let serverOffset: Placed['serverOffset'];
  for (const problem of explained.problems) {
    if (problem.offset !== undefined && problem.path.endsWith('text')) {
      serverOffset = { offset: problem.offset, message: problem.text };
      continue;
    }
    const id = problem.path.startsWith('expression') ? nodeForProblemPath(nodeByPath, problem.path) : undefined;
    if (id === undefined) {
      unplacedCount += 1;
      continue;
    }
    problemsByNode.set(id, [...(problemsByNode.get(id) ?? []), problem.text]);
  }
  const allPlaced = explained.problems.length > 0 && unplacedCount === 0;
  return { problemsByNode, unplaced: allPlaced ? undefined : error, serverOffset };
}

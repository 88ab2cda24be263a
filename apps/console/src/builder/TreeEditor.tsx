import { AutoComplete, Button, Card, InputNumber, Radio, Space, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { TagInfo } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { kindLabel } from '../i18n/labels';
import { addChild, BuilderNode, emptyGroup, emptyLeaf, GroupNode, LeafNode, removeNode, toggleNot, updateNode } from './builder-tree';

interface EditorContext {
  root: GroupNode;
  onChange(root: GroupNode): void;
  tags: readonly TagInfo[];
  /** Problems the API reported, by node id. */
  problems: ReadonlyMap<string, string[]>;
}

/** The expression as nested groups: every control is a labelled, focusable antd control, so the tree works from the keyboard. */
export function TreeEditor(props: EditorContext) {
  return <GroupEditor node={props.root} context={props} depth={0} />;
}

function NodeEditor({ node, context, depth, negated }: { node: BuilderNode; context: EditorContext; depth: number; negated?: boolean }) {
  if (node.kind === 'group') return <GroupEditor node={node} context={context} depth={depth} negated={negated} />;
  if (node.kind === 'not') {
    return (
      <>
        <Problems id={node.id} context={context} />
        <NodeEditor node={node.child} context={context} depth={depth} negated />
      </>
    );
  }
  return <LeafEditor node={node} context={context} negated={negated} />;
}

/** A NOT around a node is shown on the node itself and toggled from there. */
function notTarget(context: EditorContext, node: BuilderNode): string {
  const parentNot = findNotParent(context.root, node.id);
  return parentNot ?? node.id;
}

function findNotParent(root: BuilderNode, id: string): string | undefined {
  if (root.kind === 'not') return root.child.id === id ? root.id : findNotParent(root.child, id);
  if (root.kind === 'group') {
    for (const child of root.children) {
      const found = findNotParent(child, id);
      if (found) return found;
    }
  }
  return undefined;
}

/** Names for the NOT and Remove buttons that say which condition they act on, since every condition has the same two. */
function actionNames(node: BuilderNode, t: ReturnType<typeof useI18n>['t']): { not: string; remove: string } {
  if (node.kind === 'leaf') {
    const tag = node.tag.trim() === '' ? t('builder.noTag') : node.tag;
    return { not: t('builder.notToggleTag', { tag }), remove: t('builder.removeCondition', { tag }) };
  }
  return { not: t('builder.notToggleGroup'), remove: t('builder.removeGroup') };
}

function NodeActions({ node, context, negated }: { node: BuilderNode; context: EditorContext; negated?: boolean }) {
  const { t } = useI18n();
  const target = notTarget(context, node);
  const names = actionNames(node, t);
  return (
    <Space size={4}>
      <Button
        size="small"
        aria-pressed={negated === true}
        aria-label={names.not}
        type={negated ? 'primary' : 'default'}
        danger={negated}
        onClick={() => context.onChange(toggleNot(context.root, target))}
      >
        {t('builder.notToggle')}
      </Button>
      <Button size="small" aria-label={names.remove} onClick={() => context.onChange(removeNode(context.root, target))}>
        {t('builder.remove')}
      </Button>
    </Space>
  );
}

function Problems({ id, context }: { id: string; context: EditorContext }) {
  const problems = context.problems.get(id);
  if (!problems) return null;
  return (
    <div role="alert" data-testid="node-problem">
      {problems.map((problem, index) => (
        <Typography.Text key={index} type="danger" style={{ display: 'block' }}>
          {problem}
        </Typography.Text>
      ))}
    </div>
  );
}

function GroupEditor({ node, context, depth, negated }: { node: GroupNode; context: EditorContext; depth: number; negated?: boolean }) {
  const { t } = useI18n();
  const isRoot = depth === 0;
  const labelId = `${node.id}-label`;
  return (
    <Card
      size="small"
      role="group"
      aria-labelledby={labelId}
      data-testid="builder-group"
      style={{ borderColor: negated ? '#dc2626' : undefined, background: depth % 2 === 1 ? '#f8fafc' : undefined }}
      title={
        <Space wrap>
          {negated ? <Tag color="red">{t('builder.not')}</Tag> : null}
          <span id={labelId}>{t('builder.groupOperator')}</span>
          <Radio.Group
            aria-labelledby={labelId}
            optionType="button"
            size="small"
            value={node.op}
            onChange={(e) => context.onChange(updateNode(context.root, node.id, (n) => ({ ...(n as GroupNode), op: e.target.value })))}
            options={[
              { value: 'and', label: t('builder.all') },
              { value: 'or', label: t('builder.any') },
            ]}
          />
        </Space>
      }
      extra={isRoot ? null : <NodeActions node={node} context={context} negated={negated} />}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Problems id={node.id} context={context} />
        {node.children.map((child) => (
          <NodeEditor key={child.id} node={child} context={context} depth={depth + 1} />
        ))}
        <Space>
          <Button size="small" onClick={() => context.onChange(addChild(context.root, node.id, emptyLeaf()))} data-testid="add-condition">
            + {t('builder.addCondition')}
          </Button>
          {depth < 7 ? (
            <Button size="small" onClick={() => context.onChange(addChild(context.root, node.id, { ...emptyGroup(node.op === 'and' ? 'or' : 'and'), children: [emptyLeaf()] }))} data-testid="add-group">
              + {t('builder.addGroup')}
            </Button>
          ) : null}
        </Space>
      </Space>
    </Card>
  );
}

function LeafEditor({ node, context, negated }: { node: LeafNode; context: EditorContext; negated?: boolean }) {
  const { t, number } = useI18n();
  const [typed, setTyped] = useState(node.tag);
  const info = context.tags.find((tag) => tag.name === node.tag);
  const activity = info?.kind === 'activity' || (info === undefined && node.withinDays !== undefined);
  const update = (change: Partial<LeafNode>) => context.onChange(updateNode(context.root, node.id, (n) => ({ ...(n as LeafNode), ...change })));

  const options = useMemo(() => {
    const query = typed.trim().toLowerCase();
    return context.tags
      .filter((tag) => tag.concrete !== false)
      .filter((tag) => query === '' || tag.name.toLowerCase().includes(query) || (tag.description ?? '').toLowerCase().includes(query))
      .slice(0, 50)
      .map((tag) => ({
        value: tag.name,
        label: (
          <Space data-testid={`tag-option-${tag.name}`}>
            <span>{tag.name}</span>
            <Tag>{kindLabel(t, tag.kind)}</Tag>
            {tag.count !== null && tag.count !== undefined ? <Typography.Text type="secondary">{number(tag.count)}</Typography.Text> : null}
          </Space>
        ),
      }));
  }, [context.tags, typed, t, number]);

  const tagInputId = `${node.id}-tag`;
  return (
    <div data-testid="builder-leaf" style={{ padding: 8, border: `1px solid ${negated ? '#dc2626' : '#e2e8f0'}`, borderRadius: 6 }}>
      <Space wrap align="center">
        {negated ? <Tag color="red">{t('builder.not')}</Tag> : null}
        <label htmlFor={tagInputId}>{t('builder.tag')}</label>
        <AutoComplete
          id={tagInputId}
          style={{ width: 260 }}
          value={typed}
          options={options}
          placeholder={t('builder.tagPlaceholder')}
          onChange={(value) => setTyped(value)}
          onSelect={(value: string) => {
            setTyped(value);
            const picked = context.tags.find((tag) => tag.name === value);
            update({ tag: value, ...(picked?.kind === 'activity' ? {} : { withinDays: undefined, minCount: undefined }) });
          }}
          onBlur={() => typed !== node.tag && update({ tag: typed.trim() })}
          aria-label={t('builder.tag')}
          data-testid="tag-input"
        />
        {activity ? (
          <>
            <Tooltip title={t('builder.withinHelp')}>
              <label htmlFor={`${node.id}-within`}>{t('builder.within')}</label>
            </Tooltip>
            <InputNumber
              id={`${node.id}-within`}
              min={1}
              max={400}
              precision={0}
              value={node.withinDays ?? null}
              onChange={(value) => update({ withinDays: value === null ? undefined : Number(value) })}
              style={{ width: 90 }}
              data-testid="within-input"
            />
            <label htmlFor={`${node.id}-min`}>{t('builder.minCount')}</label>
            <InputNumber
              id={`${node.id}-min`}
              min={1}
              precision={0}
              value={node.minCount ?? null}
              placeholder="1"
              onChange={(value) => update({ minCount: value === null ? undefined : Number(value) })}
              style={{ width: 80 }}
              data-testid="min-count-input"
            />
          </>
        ) : null}
        <NodeActions node={node} context={context} negated={negated} />
      </Space>
      <Problems id={node.id} context={context} />
    </div>
  );
}

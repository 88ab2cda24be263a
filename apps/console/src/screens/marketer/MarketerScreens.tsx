import { App as AntApp, Tabs } from 'antd';
import { useState } from 'react';
import type { Segment } from '../../api/api-types';
import { getSegment, listTags } from '../../api/endpoints';
import { explainError } from '../../api/explain-error';
import { useAsync } from '../../components/use-async';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { BuilderScreen } from './BuilderScreen';
import { OverlapScreen } from './OverlapScreen';
import { SegmentsScreen } from './SegmentsScreen';
import { TagCatalogue } from './TagCatalogue';

export function MarketerScreens() {
  const { t } = useI18n();
  const { api } = useSession();
  const [tab, setTab] = useState('builder');
  const [editing, setEditing] = useState<Segment | undefined>();
  const [builderRound, setBuilderRound] = useState(0);
  const [segmentsRound, setSegmentsRound] = useState(0);
  const [opened, setOpened] = useState<string | undefined>();
  const catalogue = useAsync(() => listTags(api), [api]);

  const { message } = AntApp.useApp();
  const edit = async (id: string) => {
    try {
      const segment = await getSegment(api, id);
      setEditing(currentVersionOf(segment));
      setBuilderRound((r) => r + 1);
      setTab('builder');
    } catch (error) {
      void message.error(explainError(error, t).summary);
    }
  };

  return (
    <Tabs
      activeKey={tab}
      onChange={(next) => {
        // lists are read again on every visit: segments may have changed elsewhere
        if (next === 'segments' || next === 'overlap') setSegmentsRound((r) => r + 1);
        setTab(next);
      }}
      items={[
        { key: 'catalogue', label: t('nav.catalogue'), children: <TagCatalogue state={catalogue} /> },
        {
          key: 'builder',
          label: t('nav.builder'),
          children: (
            <BuilderScreen
              key={`${editing?.id ?? 'new'}-${builderRound}`}
              tags={catalogue.data?.tags ?? []}
              editing={editing}
              onSaved={(segment) => {
                setSegmentsRound((r) => r + 1);
                setOpened(segment.id);
                setEditing(undefined);
                setBuilderRound((r) => r + 1);
                setTab('segments');
              }}
              onNew={() => {
                setEditing(undefined);
                setBuilderRound((r) => r + 1);
              }}
            />
          ),
        },
        { key: 'segments', label: t('nav.segments'), children: <SegmentsScreen round={segmentsRound} opened={opened} onOpen={setOpened} onEdit={(id) => void edit(id)} /> },
        { key: 'overlap', label: t('nav.overlap'), children: <OverlapScreen round={segmentsRound} /> },
      ]}
    />
  );
}

/** A segment with the expression, name and number of its latest version on top. */
export function currentVersionOf(segment: Segment): Segment {
  const versions = segment.versions ?? [];
  const latest = versions.reduce<(typeof versions)[number] | undefined>((best, v) => (best === undefined || v.version > best.version ? v : best), undefined);
  return {
    ...segment,
    expression: segment.expression ?? latest?.expression,
    version: segment.version ?? latest?.version,
  };
}

import { App as AntApp, Card, Tabs } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Segment } from '../../api/api-types';
import { getSegment, listTags } from '../../api/endpoints';
import { explainError } from '../../api/explain-error';
import { useAsync } from '../../components/use-async';
import { useI18n } from '../../i18n/i18n';
import { loadDraft } from '../../builder/builder-draft';
import { ownerOf, useSession } from '../../session';
import { BuilderScreen } from './BuilderScreen';
import { OverlapScreen } from './OverlapScreen';
import { SegmentsScreen } from './SegmentsScreen';
import { TagCatalogue } from './TagCatalogue';
import { useRoute } from '../../routes';

const MARKETER_SCREENS = ['catalogue', 'builder', 'segments', 'overlap'];

export function MarketerScreens() {
  const { t } = useI18n();
  const { api, claims } = useSession();
  const owner = ownerOf(claims);
  // Unsaved work left by a session that ended on a 401, offered once to the same person.
  const [draft] = useState(() => loadDraft(owner));
  const [restoring, setRestoring] = useState(draft?.segmentId !== undefined);
  const [editing, setEditing] = useState<Segment | undefined>();
  const [builderRound, setBuilderRound] = useState(0);
  const [segmentsRound, setSegmentsRound] = useState(0);
  // the screen and the opened segment live in the URL (#/segments/<id>), so both can be bookmarked and shared
  const [route, go] = useRoute();
  const tab = route.screen && MARKETER_SCREENS.includes(route.screen) ? route.screen : 'builder';
  const opened = route.screen === 'segments' ? route.segmentId : undefined;
  // the segment last opened stays open when the marketer comes back to the list
  const lastOpened = useRef(opened);
  if (opened) lastOpened.current = opened;
  const setTab = (screen: string) => go({ screen, ...(screen === 'segments' && lastOpened.current ? { segmentId: lastOpened.current } : {}) });
  const setOpened = (segmentId: string | undefined) => {
    lastOpened.current = segmentId;
    go({ screen: 'segments', segmentId });
  };
  const catalogue = useAsync(() => listTags(api), [api]);

  const { message } = AntApp.useApp();

  useEffect(() => {
    if (!draft?.segmentId) return;
    // the draft redefines the version that was opened then, so a newer one still answers 409
    getSegment(api, draft.segmentId).then(
      (segment) => setEditing(versionOf(segment, draft.version)),
      () => undefined,
    ).finally(() => setRestoring(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

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
          children: restoring ? (
            <Card loading />
          ) : (
            <BuilderScreen
              key={`${editing?.id ?? 'new'}-${builderRound}`}
              tags={catalogue.data?.tags ?? []}
              editing={editing}
              draft={builderRound === 0 ? draft : undefined}
              owner={owner}
              onReload={(id) => void edit(id)}
              onSaved={(segment) => {
                setSegmentsRound((r) => r + 1);
                setEditing(undefined);
                setBuilderRound((r) => r + 1);
                setOpened(segment.id);
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

/** A segment with the expression, name and description of one of its versions on top; the latest when that one is gone. */
export function versionOf(segment: Segment, version: number | undefined): Segment {
  const chosen = segment.versions?.find((v) => v.version === version);
  if (!chosen) return currentVersionOf(segment);
  return {
    ...segment,
    name: chosen.name ?? segment.name,
    description: chosen.description === undefined ? segment.description : chosen.description,
    expression: chosen.expression,
    version: chosen.version,
  };
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

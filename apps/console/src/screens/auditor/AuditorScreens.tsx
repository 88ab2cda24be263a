import { Tabs } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { AuditLogScreen } from './AuditLogScreen';
import { ExposureScreen } from './ExposureScreen';
import { LineageScreen } from './LineageScreen';
import { SubjectScreen } from './SubjectScreen';
import { useRoute } from '../../routes';

const AUDITOR_SCREENS = ['exposure', 'audit', 'subject', 'lineage'];

export function AuditorScreens() {
  const { t } = useI18n();
  const [route, go] = useRoute();
  const screen = route.screen && AUDITOR_SCREENS.includes(route.screen) ? route.screen : 'exposure';
  return (
    <Tabs
      activeKey={screen}
      onChange={(next) => go({ screen: next })}
      items={[
        { key: 'exposure', label: t('nav.exposure'), children: <ExposureScreen /> },
        { key: 'audit', label: t('nav.audit'), children: <AuditLogScreen /> },
        { key: 'subject', label: t('nav.subject'), children: <SubjectScreen /> },
        { key: 'lineage', label: t('nav.lineage'), children: <LineageScreen /> },
      ]}
    />
  );
}

import { Tabs } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { AuditLogScreen } from './AuditLogScreen';
import { ExposureScreen } from './ExposureScreen';
import { LineageScreen } from './LineageScreen';
import { SubjectScreen } from './SubjectScreen';

export function AuditorScreens() {
  const { t } = useI18n();
  return (
    <Tabs
      defaultActiveKey="exposure"
      items={[
        { key: 'exposure', label: t('nav.exposure'), children: <ExposureScreen /> },
        { key: 'audit', label: t('nav.audit'), children: <AuditLogScreen /> },
        { key: 'subject', label: t('nav.subject'), children: <SubjectScreen /> },
        { key: 'lineage', label: t('nav.lineage'), children: <LineageScreen /> },
      ]}
    />
  );
}

import { Alert, Button, Space, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';

/**
 * A redefine refused because another version became current after this one
 * was opened: says so plainly, keeps the marketer's text to copy, and offers
 * to load the newest version.
 */
export function StaleVersionNotice({ opened, current, text, onReload }: { opened?: number; current?: number; text: string; onReload(): void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="stale-version"
      title={t('builder.staleTitle', { opened: opened ?? '?', current: current ?? '?' })}
      description={
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('builder.staleHelp')}</Typography.Text>
          {text.trim() !== '' ? <Typography.Text code copyable>{text}</Typography.Text> : null}
          <Button type="primary" onClick={onReload} data-testid="reload-newest">
            {t('builder.reloadNewest')}
          </Button>
        </Space>
      }
    />
  );
}

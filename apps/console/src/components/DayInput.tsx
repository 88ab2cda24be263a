import { Button, Input, Space } from 'antd';
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A UTC day typed or picked, always shown as YYYY-MM-DD. A native
 * `<input type="date">` shows the browser's own format (mm/dd/yyyy in an
 * English browser, whatever the page's language), so it is kept only as the
 * calendar behind the button (`showPicker`), never displayed.
 */
export function DayInput({ id, value, onChange, min, max }: { id: string; value?: string; onChange(day: string | undefined): void; min?: string; max?: string }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState<string>();
  const picker = useRef<HTMLInputElement>(null);
  const shown = typed ?? value ?? '';
  const invalid = shown !== '' && !DAY.test(shown);
  return (
    <Space.Compact>
      <Input
        id={id}
        value={shown}
        placeholder={t('common.dayPlaceholder')}
        inputMode="numeric"
        maxLength={10}
        status={invalid ? 'error' : undefined}
        aria-invalid={invalid}
        style={{ width: 130 }}
        onChange={(e) => {
          const next = e.target.value.trim();
          setTyped(next);
          if (next === '') onChange(undefined);
          else if (DAY.test(next) && !Number.isNaN(Date.parse(`${next}T00:00:00Z`))) onChange(next);
        }}
        onBlur={() => setTyped(undefined)}
        data-testid={`${id}-day`}
      />
      <Button aria-label={t('common.pickDay')} onClick={() => picker.current?.showPicker?.()}>
        📅
      </Button>
      <input
        ref={picker}
        type="date"
        tabIndex={-1}
        aria-hidden="true"
        value={value ?? ''}
        min={min}
        max={max}
        onChange={(e) => {
          setTyped(undefined);
          onChange(e.target.value || undefined);
        }}
        style={{ position: 'absolute', width: 1, height: 1, opacity: 0, pointerEvents: 'none' }}
      />
    </Space.Compact>
  );
}

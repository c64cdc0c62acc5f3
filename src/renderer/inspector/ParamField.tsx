/**
 * One inspector field generated from a ParamSpec. Text fields apply on Enter or blur; an invalid value stays in
 * the field with the engine's message beside it and is never applied.
 */
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { validateParam } from '../../engine/params.ts';
import type { ParamSpec, ParamValue } from '../../engine/types.ts';
import { formatParam, parseParam } from '../lib/parseParam.ts';

interface Props {
  spec: ParamSpec;
  value: ParamValue | undefined;
  /** Returns false when the edit was held back (e.g. a training run asked first). */
  onApply(value: ParamValue): boolean | void;
}

function rangeText(spec: ParamSpec): string | null {
  if (spec.type !== 'int' && spec.type !== 'float' && spec.type !== 'size2') return null;
  return spec.max === undefined ? `≥ ${spec.min}` : `${spec.min}–${spec.max}`;
}

export function ParamField({ spec, value, onApply }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(formatParam(value));
  const [error, setError] = useState<string | null>(null);
  const label = t(`paramLabels.${spec.name}`, { defaultValue: spec.label });
  const id = `param-${spec.name}`;
  const help = spec.help ? t(`paramHelp.${spec.name}`, { defaultValue: spec.help }) : undefined;

  const tryApply = (raw: string) => {
    const parsed = parseParam(spec, raw);
    if (!parsed.ok) return setError(t(`parse.${parsed.error}`));
    const problem = validateParam(spec, parsed.value);
    if (problem) return setError(`${label} ${problem}`);
    setError(null);
    if (JSON.stringify(parsed.value) !== JSON.stringify(value ?? null) && onApply(parsed.value) === false)
      setText(formatParam(value));
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      tryApply(text);
    }
    if (e.key === 'Escape') {
      setText(formatParam(value));
      setError(null);
    }
  };

  let control;
  if (spec.type === 'enum') {
    control = (
      <select id={id} data-testid={id} value={String(value ?? '')} onChange={(e) => tryApply(e.target.value)}>
        {spec.options.map((o) => (
          <option key={o} value={o}>
            {t(`options.${o}`, { defaultValue: o })}
          </option>
        ))}
      </select>
    );
  } else if (spec.type === 'bool') {
    control = (
      <input
        id={id}
        data-testid={id}
        type="checkbox"
        checked={value === true}
        onChange={(e) => tryApply(String(e.target.checked))}
      />
    );
  } else if (spec.type === 'padding') {
    const mode = value === 'valid' || value === 'same' ? value : 'pixels';
    control = (
      <span className="param-padding">
        <select
          id={id}
          data-testid={id}
          value={mode}
          onChange={(e) => {
            const v = e.target.value === 'pixels' ? '1' : e.target.value;
            setText(v);
            tryApply(v);
          }}
        >
          <option value="valid">{t('options.valid')}</option>
          <option value="same">{t('options.same')}</option>
          <option value="pixels">{t('options.pixels')}</option>
        </select>
        {mode === 'pixels' && (
          <input
            className="param-pixels"
            data-testid={`${id}-pixels`}
            aria-label={t('options.pixels')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onBlur={() => tryApply(text)}
            onKeyDown={onKey}
          />
        )}
      </span>
    );
  } else {
    control = (
      <input
        id={id}
        data-testid={id}
        value={text}
        inputMode={spec.type === 'size2' ? 'text' : 'decimal'}
        placeholder={spec.optional ? t('inspector.auto') : undefined}
        aria-invalid={!!error}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => tryApply(text)}
        onKeyDown={onKey}
      />
    );
  }
  const range = rangeText(spec);
  return (
    <div className={`param-field${error ? ' is-invalid' : ''}`}>
      <label htmlFor={id} title={help}>
        {label}
      </label>
      <div className="param-control">
        {control}
        {spec.unit && <span className="param-unit">{spec.unit}</span>}
      </div>
      {range && !error && <div className="param-range">{range}</div>}
      {error && (
        <div className="param-error" role="alert" data-testid={`${id}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}

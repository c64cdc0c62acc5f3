/**
 * Pooling: max or average over a small feature map, at stride 1 and stride 2 side by side, or max and average
 * side by side at stride 2 (the same window, the winner beside the mean). Selecting an output cell highlights its
 * window and, for max, the winner. The numbers are the engine's pooling rules (pool2d).
 */
import { useTranslation } from 'react-i18next';
import { pool2d, type PoolKind, type PoolResult } from '../../engine/teach/pooling.ts';
import { POOL_MAP, POOL_MAP_SIZE } from './poolMap.ts';
import { useTeachStore } from './store.ts';
import { NumberGrid, Select } from './widgets.tsx';

const rowsOf = (data: ArrayLike<number>, h: number, w: number) =>
  Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => data[i * w + j]));

/** One pooling: its input with the selected window, its output, and a sentence on the selected cell. */
function Panel(props: {
  kind: PoolKind;
  stride: 1 | 2;
  selected: number;
  onSelect: (i: number) => void;
  id: string;
  title: (h: number, w: number) => string;
}) {
  const { t } = useTranslation('teach');
  const { kind } = props;
  const size = useTeachStore((s) => s.pool.size);
  const r: PoolResult = pool2d(POOL_MAP, POOL_MAP_SIZE, POOL_MAP_SIZE, kind, size, props.stride);
  const sel = Math.min(props.selected, r.values.length - 1);
  const oy = Math.floor(sel / r.width);
  const ox = sel % r.width;
  const y0 = oy * props.stride;
  const x0 = ox * props.stride;
  const winner = r.winners[sel];
  const inWin = (i: number, j: number) => i >= y0 && i < y0 + size && j >= x0 && j < x0 + size;
  return (
    <section className="teach-pool-panel" data-testid={`pool-panel-${props.id}`}>
      <h3>{props.title(r.height, r.width)}</h3>
      <div className="teach-row">
        <NumberGrid
          rows={rowsOf(POOL_MAP, POOL_MAP_SIZE, POOL_MAP_SIZE)}
          testId={`pool-input-${props.id}`}
          mark={(i, j) =>
            kind === 'max' && i * POOL_MAP_SIZE + j === winner ? 'teach-winner' : inWin(i, j) ? 'teach-in' : undefined
          }
        />
        <span className="teach-op">→</span>
        <NumberGrid
          rows={rowsOf(r.values, r.height, r.width)}
          testId={`pool-output-${props.id}`}
          mark={(i, j) => (i * r.width + j === sel ? 'teach-selected' : undefined)}
          onCell={(i, j) => props.onSelect(i * r.width + j)}
        />
      </div>
      <p className="teach-note" data-testid={`pool-explain-${props.id}`}>
        {kind === 'max'
          ? t('pool.maxExplain', {
              value: r.values[sel],
              y: Math.floor(winner / POOL_MAP_SIZE),
              x: winner % POOL_MAP_SIZE,
            })
          : t('pool.avgExplain', { value: Number(r.values[sel].toFixed(3)), n: size * size })}
      </p>
    </section>
  );
}

export function PoolingView() {
  const { t } = useTranslation('teach');
  const pool = useTeachStore((s) => s.pool);
  const setPool = useTeachStore((s) => s.setPool);
  return (
    <div className="teach-view" data-testid="teach-pooling">
      <h2>{t('views.pooling')}</h2>
      <p className="teach-lead">{t('pool.lead')}</p>
      <div className="teach-controls">
        <Select
          label={t('pool.kind')}
          testId="pool-kind"
          value={pool.kind}
          options={[
            { value: 'max', label: t('pool.max') },
            { value: 'avg', label: t('pool.avg') },
            { value: 'both', label: t('pool.both') },
          ]}
          onChange={(kind) => setPool({ kind })}
        />
        <Select
          label={t('pool.size')}
          testId="pool-size"
          value={String(pool.size)}
          options={[2, 3].map((n) => ({ value: String(n), label: `${n}×${n}` }))}
          onChange={(v) => setPool({ size: Number(v), selected1: 0, selected2: 0 })}
        />
      </div>
      {pool.kind === 'both' ? (
        <div className="teach-row">
          {(['max', 'avg'] as const).map((kind) => (
            <Panel
              key={kind}
              kind={kind}
              stride={2}
              id={kind}
              title={(h, w) => (kind === 'max' ? t('pool.maxTitle', { h, w }) : t('pool.avgTitle', { h, w }))}
              selected={pool.selected2}
              onSelect={(selected2) => setPool({ selected2 })}
            />
          ))}
        </div>
      ) : (
        <div className="teach-row">
          {([1, 2] as const).map((stride) => (
            <Panel
              key={stride}
              kind={pool.kind as PoolKind}
              stride={stride}
              id={String(stride)}
              title={(h, w) => t('pool.strideTitle', { stride, h, w })}
              selected={stride === 1 ? pool.selected1 : pool.selected2}
              onSelect={(selected) => setPool(stride === 1 ? { selected1: selected } : { selected2: selected })}
            />
          ))}
        </div>
      )}
      <p className="teach-note">{pool.kind === 'both' ? t('pool.bothRules') : t('pool.rules')}</p>
    </div>
  );
}

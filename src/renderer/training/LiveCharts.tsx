/** Live loss and accuracy of the current run: train per batch, validation per epoch. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { LineChart } from './LineChart.tsx';
import { useTrainStore } from './trainStore.ts';

export const COLORS = { train: '#3b82f6', val: '#f97316', a: '#3b82f6', b: '#e11d48' };

export function LiveCharts() {
  const { t } = useTranslation();
  const { batches, epochs } = useTrainStore(useShallow((s) => ({ batches: s.batches, epochs: s.epochs })));
  const [loss, acc] = useMemo(() => {
    // Validation points sit at the end of each epoch (x = epoch); merge them into the batches' x axis.
    const xs = [...batches.map((b) => b.x), ...epochs.map((e) => e.epoch)].sort((a, b) => a - b);
    const uniq = xs.filter((x, i) => i === 0 || x !== xs[i - 1]);
    const byX = new Map(batches.map((b) => [b.x, b]));
    const valByX = new Map(epochs.map((e) => [e.epoch, e]));
    return [
      [uniq, uniq.map((x) => byX.get(x)?.loss ?? null), uniq.map((x) => valByX.get(x)?.valLoss ?? null)],
      [uniq, uniq.map((x) => byX.get(x)?.accuracy ?? null), uniq.map((x) => valByX.get(x)?.valAccuracy ?? null)],
    ];
  }, [batches, epochs]);
  const series = (kind: 'loss' | 'accuracy') => [
    { label: t(`training.train_${kind}`), color: COLORS.train },
    { label: t(`training.val_${kind}`), color: COLORS.val, points: true },
  ];
  return (
    <div className="live-charts">
      <LineChart title={t('training.loss')} xLabel={t('training.epoch')} series={series('loss')} data={loss} testId="chart-loss" />
      <LineChart title={t('training.accuracy')} xLabel={t('training.epoch')} series={series('accuracy')} data={acc} yRange={[0, 1]} testId="chart-accuracy" />
    </div>
  );
}

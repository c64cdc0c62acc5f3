/**
 * A finished run from the document's history: its loss and accuracy per epoch, and its test confusion matrix.
 * Shown when no live run has results to show (a reopened file), or when the user picks a run in the history.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunRecord } from '../../engine/document.ts';
import { useDocStore } from '../store/docStore.ts';
import { selectWeightsStatus } from '../weights/weightsStatus.ts';
import { CellImages } from './CellImages.tsx';
import { ConfusionMatrix } from './ConfusionMatrix.tsx';
import { LineChart } from './LineChart.tsx';
import { COLORS } from './LiveCharts.tsx';
import { SampleGrid } from './SampleGrid.tsx';
import { useTrainStore } from './trainStore.ts';
import './RunResults.css';

const ACCURACY_RANGE: [number, number] = [0, 1];

/** The run the panel shows: the one picked in the history, else the latest. */
export function useShownRun(): RunRecord | null {
  const runs = useDocStore((s) => s.runs);
  const picked = useTrainStore((s) => s.shownRunId);
  return (picked ? runs.find((r) => r.id === picked) : undefined) ?? runs[runs.length - 1] ?? null;
}

export function RunCurves({ run }: { run: RunRecord }) {
  const { t } = useTranslation();
  const [loss, acc] = useMemo(() => {
    const xs = run.epochs.map((e) => e.epoch);
    return [
      [xs, run.epochs.map((e) => e.loss), run.epochs.map((e) => e.valLoss)],
      [xs, run.epochs.map((e) => e.accuracy), run.epochs.map((e) => e.valAccuracy)],
    ];
  }, [run]);
  const series = [
    { label: t('training.train'), color: COLORS.train, points: true },
    { label: t('training.validation'), color: COLORS.val, points: true },
  ];
  const xRange: [number, number] = [0, Math.max(1, run.epochs.length)];
  return (
    <div className="live-charts" data-testid="run-curves" data-run={run.id}>
      <LineChart
        title={t('training.loss')}
        xLabel={t('training.epoch')}
        series={series}
        data={loss}
        xRange={xRange}
        testId="chart-run-loss"
      />
      <LineChart
        title={t('training.accuracy')}
        xLabel={t('training.epoch')}
        series={series}
        data={acc}
        xRange={xRange}
        yRange={ACCURACY_RANGE}
        yFormat="percent"
        testId="chart-run-accuracy"
      />
      <p className="charts-note">
        {t('training.runCurvesNote', { label: run.label ?? `#${useDocStore.getState().runs.indexOf(run) + 1}` })}
      </p>
    </div>
  );
}

/**
 * A confusion matrix whose cells, when `canShow` (the document holds the weights that made it), open the test
 * images behind them.
 */
export function MatrixWithImages({
  matrix,
  classes,
  canShow,
}: {
  matrix: number[][];
  classes: string[];
  canShow: boolean;
}) {
  const [cell, setCell] = useState<[number, number] | null>(null);
  return (
    <>
      <ConfusionMatrix
        matrix={matrix}
        classes={classes}
        onCell={canShow ? (i, j) => setCell([i, j]) : undefined}
        selected={cell}
      />
      {canShow && cell && (
        <CellImages key={cell.join(',')} cell={cell} classes={classes} onClose={() => setCell(null)} />
      )}
    </>
  );
}

/** The shown run's confusion matrix and, for the run whose weights the document holds, its test images. */
export function RunMatrix({ run }: { run: RunRecord }) {
  const { t } = useTranslation();
  const classes = useDocStore((s) => s.classes);
  const latest = useDocStore((s) => s.runs[s.runs.length - 1]?.id === run.id);
  const trained = useDocStore((s) => selectWeightsStatus(s).state === 'trained');
  const n = run.confusion?.length ?? 0;
  const names = classes && classes.length === n ? classes : Array.from({ length: n }, (_, i) => String(i));
  return (
    <>
      {run.confusion ? (
        <MatrixWithImages matrix={run.confusion} classes={names} canShow={latest && trained} />
      ) : (
        <p className="panel-muted">{t('training.noConfusion')}</p>
      )}
      {latest && trained && <SampleGrid runId={run.id} />}
    </>
  );
}

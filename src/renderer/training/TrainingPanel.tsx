/** Setup → run → results: settings, start/stop with progress, live charts, confusion matrix, samples, history. */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useDocStore } from '../store/docStore.ts';
import { selectWeightsStatus } from '../weights/weightsStatus.ts';
import { LiveCharts } from './LiveCharts.tsx';
import { RunHistory } from './RunHistory.tsx';
import { MatrixWithImages, RunCurves, RunMatrix, useShownRun } from './RunResults.tsx';
import { SampleGrid } from './SampleGrid.tsx';
import { startTraining, stopTraining } from './trainActions.ts';
import { TrainProgress } from './TrainProgress.tsx';
import { TrainSettingsForm } from './TrainSettingsForm.tsx';
import { useTrainStore } from './trainStore.ts';
import './TrainingPanel.css';

export function TrainingPanel() {
  const { t } = useTranslation();
  const s = useTrainStore(
    useShallow((x) => ({
      status: x.status,
      error: x.error,
      warning: x.warning,
      confusion: x.confusion,
      classes: x.classes,
      resultRunId: x.resultRunId,
      hasData: x.batches.length > 0,
    })),
  );
  const hasRuns = useDocStore((x) => x.runs.length > 0);
  const busy = s.status === 'running' || s.status === 'starting' || s.status === 'stopping';
  const picked = useTrainStore((x) => x.shownRunId);
  const shown = useShownRun();
  // A run picked in the history, or the saved runs of a document opened with no live results, show their own.
  // The live matrix's images need the weights that made it, which the document holds unless the graph changed.
  const liveFits = useDocStore((x) => selectWeightsStatus(x).state === 'trained');
  const showSaved = !busy && shown !== null && (picked !== null || !s.confusion);
  return (
    <div className="training-panel" data-testid="training-panel">
      <div className="train-col train-setup">
        <div className="train-actions">
          {!busy ? (
            <button
              type="button"
              className="btn btn-accent btn-wide"
              onClick={() => void startTraining()}
              data-testid="train-start"
            >
              ▶ {t('training.start')}
            </button>
          ) : (
            <button
              type="button"
              className="btn btn-danger btn-wide"
              onClick={() => void stopTraining()}
              disabled={s.status === 'stopping'}
              data-testid="train-stop"
            >
              ■ {s.status === 'stopping' ? t('training.stopping') : t('training.stop')}
            </button>
          )}
        </div>
        <TrainProgress />
        <p className="train-status" data-testid="train-status" data-status={s.status}>
          {t(`training.status.${s.status}`)}
        </p>
        {s.warning && !s.error && (
          <p className="panel-warning" role="status" data-testid="train-warning">
            ⚠ {s.warning}
          </p>
        )}
        {s.error && (
          <p className="panel-error" role="alert">
            {s.error}
          </p>
        )}
        <TrainSettingsForm disabled={busy} />
      </div>
      <div className="train-col train-charts">
        {showSaved ? (
          <RunCurves run={shown} />
        ) : s.hasData || busy ? (
          <LiveCharts />
        ) : (
          <p className="panel-muted">{t('training.chartsHint')}</p>
        )}
      </div>
      <div className="train-col train-results">
        {showSaved && <RunMatrix run={shown} />}
        {!showSaved && s.confusion && <MatrixWithImages matrix={s.confusion} classes={s.classes} canShow={liveFits} />}
        {!showSaved && s.resultRunId && s.status === 'done' && <SampleGrid runId={s.resultRunId} />}
        {hasRuns && <RunHistory />}
        {!s.confusion && !hasRuns && <p className="panel-muted">{t('training.resultsHint')}</p>}
      </div>
    </div>
  );
}

/**
 * Subscribes to train:event. A finished run goes into the document's history with the weights it trained, and
 * the test images are fetched with the trained document's predictions.
 */
import { useEffect } from 'react';
import { getApi } from '../host/index.ts';
import { useDocStore } from '../store/docStore.ts';
import { toast } from '../store/uiStore.ts';
import i18n from '../i18n/index.ts';
import { useTrainStore } from './trainStore.ts';
import { graphKey } from './trainActions.ts';

/** The document a run was started on (its docStore loadCount), so its result never lands in another one. */
let runDocument = -1;

export function useTrainingEvents(): void {
  useEffect(() => {
    let off = () => {};
    const offStart = useTrainStore.subscribe((s, prev) => {
      if (s.status === 'starting' && prev.status !== 'starting') runDocument = useDocStore.getState().loadCount;
    });
    try {
      off = getApi().on('train:event', (e) => {
        const live = useTrainStore.getState();
        if (live.runId && e.runId !== live.runId) return;
        useTrainStore.getState().onEvent(e);
        if (e.type === 'done' && runDocument !== useDocStore.getState().loadCount) {
          // Another document was opened while this run trained the one before: it is not this one's result.
          useTrainStore.getState().clearResults();
          toast('info', i18n.t('training.otherDocument'));
        } else if (e.type === 'done') {
          // Weights only fit the graph they were trained on; after an edit keep the run, not its weights.
          const fits = useTrainStore.getState().graphKey === graphKey();
          const doc = useDocStore.getState();
          // The run keeps its confusion matrix, so reopening the file or picking the run in the history shows it.
          doc.addRun(
            { ...e.run, confusion: e.confusion },
            fits ? e.weights : doc.weights,
            fits ? e.classes : (doc.classes ?? e.classes),
          );
          if (!fits) toast('info', i18n.t('training.weightsDropped'));
          toast(
            'success',
            i18n.t(e.stopped ? 'training.stoppedToast' : 'training.doneToast', {
              accuracy: ((e.run.testAccuracy ?? 0) * 100).toFixed(1),
            }),
          );
        }
        if (e.type === 'error') toast('error', e.message);
      });
    } catch {
      // no host (a bare page): nothing to subscribe to
    }
    // Another document: the live results belong to the one before, unless a run is still going.
    const offLoad = useDocStore.subscribe((s, prev) => {
      if (s.loadCount === prev.loadCount) return;
      const status = useTrainStore.getState().status;
      if (status === 'idle' || status === 'done' || status === 'error') useTrainStore.getState().clearResults();
    });
    return () => {
      off();
      offStart();
      offLoad();
    };
  }, []);
}

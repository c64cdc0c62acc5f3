/** Start and stop a run (train:start / train:stop), and the guard that asks before editing during a run. */
import i18n from '../i18n/index.ts';
import { say } from '../i18n/engineText.ts';
import { getApi } from '../host/index.ts';
import { ask } from '../common/dialogs.ts';
import { trainingOf } from '../lib/trainingDefaults.ts';
import { currentDocument, setEditGuard, useDocStore } from '../store/docStore.ts';
import { selectAnalysis, selectGraph } from '../store/analysis.ts';
import { toast } from '../store/uiStore.ts';
import { useTrainStore } from './trainStore.ts';

export async function startTraining(): Promise<void> {
  const t = useTrainStore.getState();
  if (t.status === 'running' || t.status === 'starting' || t.status === 'stopping') return;
  const errors = selectAnalysis(useDocStore.getState()).errors;
  if (errors.length) {
    toast('error', i18n.t('training.fixFirst', { message: say(i18n.t, errors[0]) }));
    return;
  }
  const settings = trainingOf(useDocStore.getState().training, selectAnalysis(useDocStore.getState()));
  t.reset('starting');
  useTrainStore.setState({ graphKey: graphKey() });
  try {
    const r = await getApi()['train:start']({
      document: currentDocument(),
      settings,
      backend: t.backendChoice,
      provider: t.providerChoice,
    });
    if (!r.ok) {
      useTrainStore.setState({ status: 'error', error: r.error });
      return;
    }
    // Events may have arrived before the reply; adopt the id either way.
    useTrainStore.setState((s) => ({ runId: r.runId, status: s.status === 'starting' ? 'running' : s.status }));
  } catch (e) {
    useTrainStore.setState({ status: 'error', error: (e as Error).message });
  }
}

export async function stopTraining(): Promise<void> {
  const { runId, status } = useTrainStore.getState();
  if (!runId || (status !== 'running' && status !== 'starting')) return;
  useTrainStore.setState({ status: 'stopping' });
  await getApi()
    ['train:stop']({ runId })
    .catch(() => undefined);
}

/** Editing the graph during a run asks first; agreeing stops the run and applies the edit. */
setEditGuard((apply) => {
  const status = useTrainStore.getState().status;
  if (status !== 'running' && status !== 'starting') return true;
  void ask(i18n.t('training.editDuringRun'), i18n.t('training.stopAndEdit'), i18n.t('dialogs.cancel'), true).then(
    async (ok) => {
      if (!ok) return;
      await stopTraining();
      apply();
    },
  );
  return false;
});

/** The trained graph's identity: kinds, params and edges, not positions. */
export function graphKey(): string {
  const g = selectGraph(useDocStore.getState());
  return JSON.stringify([g.nodes, g.edges]);
}

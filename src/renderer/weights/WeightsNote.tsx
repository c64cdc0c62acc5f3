/**
 * One line that says whether the network's weights are trained: "Trained", "Partly trained: c1, c2
 * re-initialised" or "Untrained". Shown wherever a result depends on the weights (canvas, Filters view, Export,
 * run history), so an edit after training never goes unnoticed.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TrainedState } from '../../engine/trained.ts';
import { useDocStore } from '../store/docStore.ts';
import './WeightsNote.css';
import { selectWeightsStatus } from './weightsStatus.ts';

/** Layer ids as a list, at most `limit` of them ("c1, c2 and 3 more"). */
function layerList(t: TFunction, ids: string[], limit = 4): string {
  const shown = ids.slice(0, limit).join(', ');
  return ids.length > limit ? t('weights.andMore', { list: shown, n: ids.length - limit }) : shown;
}

/** `show`: the states worth a line here (the canvas speaks up only when an edit re-initialised some layers). */
export function WeightsNote({ where, show = ['partial'] }: { where: string; show?: TrainedState[] }) {
  const { t } = useTranslation();
  const status = useDocStore(selectWeightsStatus);
  const hasLayers = status.trained.length + status.reinitialised.length > 0;
  if (!hasLayers || !show.includes(status.state)) return null;
  const text =
    status.state === 'partial'
      ? t('weights.partial', { layers: layerList(t, status.reinitialised) })
      : t(`weights.${status.state}`);
  return (
    <p
      className={`weights-note is-${status.state}`}
      data-testid={`weights-note-${where}`}
      data-state={status.state}
      title={t(`weights.${status.state}Help`)}
    >
      {text}
    </p>
  );
}

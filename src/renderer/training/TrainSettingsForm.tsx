/** Dataset and hyperparameters (TrainingSettings, saved in the document), plus backend and provider. */
import { useTranslation } from 'react-i18next';
import { BUILT_IN_DATASETS, builtInDataset } from '../../engine/datasets/registry.ts';
import type { TrainingSettings } from '../../engine/document.ts';
import { PROVIDERS, type Backend, type Provider } from '../../shared/api.ts';
import { getApi } from '../host/index.ts';
import { appInfo } from '../common/appInfo.ts';
import { pickFile } from '../common/dialogs.ts';
import { trainingOf } from '../lib/trainingDefaults.ts';
import { selectAnalysis } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';
import { useTrainStore } from './trainStore.ts';
import { DatasetCheck } from './DatasetCheck.tsx';

/** The picker's entry for "choose a folder…" (IDX files or image subfolders); its path becomes the dataset. */
const FOLDER = 'folder';

function NumberField({
  name,
  value,
  min,
  max,
  step,
  onChange,
  disabled,
}: {
  name: keyof TrainingSettings;
  value: number;
  min: number;
  max?: number;
  step?: number;
  onChange(v: number): void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  return (
    <label className="train-field">
      <span>{t(`training.fields.${name}`)}</span>
      <input
        type="number"
        value={value}
        min={min}
        max={max}
        step={step ?? 'any'}
        disabled={disabled}
        data-testid={`train-${name}`}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(v) && v >= min && (max === undefined || v <= max)) onChange(v);
        }}
      />
    </label>
  );
}

export function TrainSettingsForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const settings = trainingOf(
    useDocStore((s) => s.training),
    useDocStore(selectAnalysis),
  );
  const backend = useTrainStore((s) => s.backendChoice);
  const provider = useTrainStore((s) => s.providerChoice);
  const set = (patch: Partial<TrainingSettings>) => useDocStore.getState().setTraining({ ...settings, ...patch });
  const builtIn = builtInDataset(settings.dataset);

  const browse = async () => {
    const info = await appInfo();
    const path = info.nativeDialogs
      ? await getApi()['dialog:open']({ title: t('training.chooseFolder'), directory: true })
      : await pickFile({ mode: 'folder', title: t('training.chooseFolder'), extensions: [] });
    if (path) set({ dataset: path });
  };

  return (
    <div className="train-settings">
      <label className="train-field">
        <span>{t('training.fields.dataset')}</span>
        <select
          value={builtIn ? builtIn.name! : FOLDER}
          disabled={disabled}
          data-testid="train-dataset"
          onChange={(e) => (e.target.value === FOLDER ? void browse() : set({ dataset: e.target.value }))}
        >
          {BUILT_IN_DATASETS.map((k) => (
            <option key={k.id} value={k.name!}>
              {t(`training.datasets.${k.id}`, {
                train: k.counts?.train.toLocaleString(),
                test: k.counts?.test.toLocaleString(),
              })}
            </option>
          ))}
          <option value={FOLDER}>{t('training.datasets.folder')}</option>
        </select>
      </label>
      <p className="train-dataset-about" data-testid="train-dataset-about">
        {t(`training.datasetAbout.${builtIn?.id ?? 'folder'}`)}
      </p>
      {!builtIn && (
        <div className="train-folder">
          <code title={settings.dataset}>{settings.dataset}</code>
          <button type="button" className="btn btn-small" onClick={() => void browse()} disabled={disabled}>
            {t('training.browse')}
          </button>
        </div>
      )}
      <DatasetCheck dataset={settings.dataset} />
      <NumberField
        name="epochs"
        value={settings.epochs}
        min={1}
        max={1000}
        step={1}
        onChange={(v) => set({ epochs: Math.round(v) })}
        disabled={disabled}
      />
      <NumberField
        name="batchSize"
        value={settings.batchSize}
        min={1}
        max={4096}
        step={1}
        onChange={(v) => set({ batchSize: Math.round(v) })}
        disabled={disabled}
      />
      <label className="train-field">
        <span>{t('training.fields.optimizer')}</span>
        <select
          value={settings.optimizer}
          disabled={disabled}
          data-testid="train-optimizer"
          onChange={(e) =>
            set({
              optimizer: e.target.value as TrainingSettings['optimizer'],
              lr: e.target.value === 'adam' ? 0.001 : 0.01,
            })
          }
        >
          <option value="adam">Adam</option>
          <option value="sgd">SGD</option>
        </select>
      </label>
      <NumberField
        name="lr"
        value={settings.lr}
        min={1e-7}
        max={10}
        onChange={(v) => set({ lr: v })}
        disabled={disabled}
      />
      {settings.optimizer === 'sgd' && (
        <NumberField
          name="momentum"
          value={settings.momentum}
          min={0}
          max={0.999}
          step={0.05}
          onChange={(v) => set({ momentum: v })}
          disabled={disabled}
        />
      )}
      <NumberField
        name="weightDecay"
        value={settings.weightDecay}
        min={0}
        max={1}
        onChange={(v) => set({ weightDecay: v })}
        disabled={disabled}
      />
      <NumberField
        name="valSplit"
        value={settings.valSplit}
        min={0}
        max={0.5}
        step={0.05}
        onChange={(v) => set({ valSplit: v })}
        disabled={disabled}
      />
      <NumberField
        name="seed"
        value={settings.seed}
        min={0}
        step={1}
        onChange={(v) => set({ seed: Math.round(v) })}
        disabled={disabled}
      />
      <label className="train-field">
        <span>{t('training.fields.backend')}</span>
        <select
          value={backend}
          disabled={disabled}
          data-testid="train-backend"
          onChange={(e) => useTrainStore.setState({ backendChoice: e.target.value as Backend })}
        >
          <option value="auto">{t('training.auto')}</option>
          <option value="engine">{t('training.backends.engine')}</option>
          <option value="onnxruntime">onnxruntime</option>
        </select>
      </label>
      <label className="train-field">
        <span>{t('training.fields.provider')}</span>
        <select
          value={provider}
          disabled={disabled}
          data-testid="train-provider"
          onChange={(e) => useTrainStore.setState({ providerChoice: e.target.value as Provider })}
        >
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {p === 'auto' ? t('training.auto') : p}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

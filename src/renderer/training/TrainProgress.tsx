/** Progress of the running job with ETA and throughput; role="progressbar" carries aria-valuenow (percent). */
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { sayFallback } from '../i18n/engineText.ts';
import { etaSeconds, useTrainStore } from './trainStore.ts';

function fmtDuration(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

type Where = { backend: string; provider: string; threads?: number | null };

/** The device in plain words: "CPU", "NVIDIA GPU (CUDA)", "GPU (WebGPU)"; an unknown provider as it is. */
function device(t: TFunction, provider: string): string {
  return ['cpu', 'cuda', 'webgpu'].includes(provider) ? t(`training.device.${provider}`) : provider;
}

/** Where a run computed, in plain words: "CPU, 2 threads" (the threads only where the run says). */
export function whereItRan(t: TFunction, run: Where): string {
  return run.threads
    ? t('training.deviceThreads', { device: device(t, run.provider), count: run.threads })
    : device(t, run.provider);
}

/** The details behind whereItRan, for its tooltip: "onnxruntime · cpu · 2 threads". */
export function whereItRanDetail(t: TFunction, run: Where): string {
  const parts = [
    run.backend,
    run.provider,
    ...(run.threads ? [t('training.threads', { count: run.threads })] : []),
  ].join(' · ');
  return t('training.whereDetail', { parts });
}

export function TrainProgress() {
  const { t } = useTranslation();
  const s = useTrainStore(
    useShallow((x) => ({
      status: x.status,
      done: x.batchesDone,
      total: x.totalBatches,
      startedAt: x.startedAt,
      sps: x.samplesPerSecond,
      backend: x.backend,
      provider: x.provider,
      threads: x.threads,
      fallback: x.fallback,
    })),
  );
  const [, tick] = useState(0);
  useEffect(() => {
    if (s.status !== 'running') return;
    const id = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [s.status]);
  const pct = s.total ? Math.round((100 * s.done) / s.total) : 0;
  const eta = etaSeconds({ batchesDone: s.done, totalBatches: s.total, startedAt: s.startedAt });
  return (
    <div className="train-progress">
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label={t('training.progress')}
        data-testid="train-progress"
      >
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="progress-text">
        <span>{pct}%</span>
        {s.status === 'running' && eta !== null && <span>{t('training.eta', { time: fmtDuration(eta) })}</span>}
        {s.sps > 0 && <span>{t('training.throughput', { sps: Math.round(s.sps).toLocaleString() })}</span>}
        {s.backend && (
          <span
            className="chip"
            data-testid="train-backend-chip"
            title={[
              whereItRanDetail(t, { backend: s.backend, provider: s.provider ?? '', threads: s.threads }),
              sayFallback(t, s.fallback),
            ]
              .filter(Boolean)
              .join('\n')}
          >
            {whereItRan(t, { backend: s.backend, provider: s.provider ?? '', threads: s.threads })}
          </span>
        )}
      </div>
    </div>
  );
}

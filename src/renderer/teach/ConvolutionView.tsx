/**
 * The convolution playground: an image (built-in scene, an MNIST digit, or the user's own PNG/JPEG), a kernel,
 * the operation, boundary and mode, and the output beside the input in a chosen display mode. The numbers are
 * the engine's convolve2d, the same as `convas convolve` and SciPy.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MNIST } from '../../engine/datasets/registry.ts';
import { BOUNDARIES, CONV_MODES, convolve2d, kernelFromRows, type FloatImage } from '../../engine/teach/convolve.ts';
import { DISPLAY_MODES } from '../../engine/teach/display.ts';
import { toGrey } from '../../engine/teach/grey.ts';
import { currentKernelRows, KernelEditor } from './KernelEditor.tsx';
import { loadPhoto, PHOTOS } from './photos.ts';
import { decodeImageFile, fromSample, scene, SCENES } from './scenes.ts';
import { useSamples } from './samples.ts';
import { StepMode } from './StepMode.tsx';
import { useTeachStore, type ConvSettings, type PhotoId, type SceneId, type SourceId } from './store.ts';
import { WrapDemo } from './WrapDemo.tsx';
import { Field, ImageCanvas, NumberInput, Select } from './widgets.tsx';

const SOURCES: SourceId[] = [...SCENES, ...PHOTOS, 'mnist', 'file'];

/** The input image for the settings, or a message while MNIST loads / when it failed. */
function usePhoto(id: PhotoId | null): FloatImage | string | null {
  const [photo, setPhoto] = useState<{ id: PhotoId; value: FloatImage | string } | null>(null);
  useEffect(() => {
    if (!id) return;
    let live = true;
    loadPhoto(id).then(
      (img) => live && setPhoto({ id, value: img }),
      (e: unknown) => live && setPhoto({ id, value: String((e as Error)?.message ?? e) }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return id && photo?.id === id ? photo.value : null;
}

function useSourceImage(conv: ConvSettings): FloatImage | string {
  const samples = useSamples(conv.source === 'mnist' ? MNIST.name : null, undefined, 32);
  const photoId = (PHOTOS as readonly string[]).includes(conv.source) ? (conv.source as PhotoId) : null;
  const photo = usePhoto(photoId);
  return useMemo(() => {
    if (conv.source === 'file') return conv.file ?? 'file';
    if (photoId) return photo ?? 'loading';
    if (conv.source !== 'mnist') return scene(conv.source as SceneId);
    if (samples === null) return 'loading';
    if (typeof samples === 'string') return samples;
    const s = samples.images[conv.mnistIndex % samples.images.length];
    return fromSample(s.pixels, samples.shape);
  }, [conv.source, conv.file, conv.mnistIndex, samples, photoId, photo]);
}

export function ConvolutionView() {
  const { t } = useTranslation('teach');
  const conv = useTeachStore((s) => s.conv);
  const setConv = useTeachStore((s) => s.setConv);
  const [fileError, setFileError] = useState<string | null>(null);
  const source = useSourceImage(conv);
  const input = useMemo(
    () => (typeof source === 'string' ? null : conv.grey && source.channels > 1 ? toGrey(source) : source),
    [source, conv.grey],
  );
  const rows = currentKernelRows(conv.kernelId, conv.custom);
  const result = useMemo(() => {
    if (!input) return null;
    try {
      return convolve2d(input, kernelFromRows(rows), {
        boundary: conv.boundary,
        mode: conv.mode,
        correlate: conv.correlate,
      });
    } catch (e) {
      return (e as Error).message;
    }
  }, [input, rows, conv.boundary, conv.mode, conv.correlate]);
  const range = useMemo(() => {
    if (!result || typeof result === 'string') return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of result.data) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return [lo, hi];
  }, [result]);

  const openFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const img = await decodeImageFile(file);
      setFileError(null);
      setConv({ source: 'file', file: { ...img, name: file.name } });
    } catch {
      setFileError(t('conv.fileError', { name: file.name }));
    }
  };

  return (
    <div className="teach-view" data-testid="teach-convolution">
      <h2>{t('views.convolution')}</h2>
      <p className="teach-lead">{t('conv.lead')}</p>
      <div className="teach-controls">
        <Select
          label={t('conv.source')}
          testId="conv-source"
          value={conv.source}
          options={SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) }))}
          onChange={(source) => setConv({ source })}
        />
        {conv.source === 'mnist' && (
          <NumberInput
            label={t('conv.sample')}
            testId="conv-mnist-index"
            value={conv.mnistIndex}
            min={0}
            max={31}
            onChange={(mnistIndex) => setConv({ mnistIndex })}
          />
        )}
        <label className="teach-file-button">
          {t('conv.open')}
          <input
            type="file"
            accept="image/png,image/jpeg"
            data-testid="conv-file"
            onChange={(e) => void openFile(e.target.files?.[0])}
          />
        </label>
        <Field label={t('conv.grey')}>
          <input
            type="checkbox"
            data-testid="conv-grey"
            checked={conv.grey}
            onChange={(e) => setConv({ grey: e.target.checked })}
          />
        </Field>
        <Select
          label={t('conv.operation')}
          testId="conv-operation"
          value={conv.correlate ? 'correlate' : 'convolve'}
          options={[
            { value: 'convolve', label: t('conv.convolve') },
            { value: 'correlate', label: t('conv.correlate') },
          ]}
          onChange={(v) => setConv({ correlate: v === 'correlate' })}
        />
        <Select
          label={t('conv.boundary')}
          testId="conv-boundary"
          value={conv.boundary}
          options={BOUNDARIES.map((b) => ({ value: b, label: t(`boundary.${b}`) }))}
          onChange={(boundary) => setConv({ boundary })}
        />
        <Select
          label={t('conv.mode')}
          testId="conv-mode"
          value={conv.mode}
          options={CONV_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))}
          onChange={(mode) => setConv({ mode })}
        />
        <Select
          label={t('conv.display')}
          testId="conv-display"
          value={conv.display}
          options={DISPLAY_MODES.map((m) => ({ value: m, label: t(`display.${m}`) }))}
          onChange={(display) => setConv({ display })}
        />
      </div>
      <p className="teach-note" data-testid="conv-operation-note">
        {t('conv.operationNote')}
      </p>
      {fileError && (
        <p className="teach-error" role="alert">
          {fileError}
        </p>
      )}
      <div className="teach-row">
        <KernelEditor />
        <figure
          className="teach-figure"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            void openFile(e.dataTransfer.files[0]);
          }}
        >
          {input ? (
            <ImageCanvas image={input} testId="conv-input" label={t('conv.input')} />
          ) : (
            <div className="teach-placeholder">
              {t(`conv.status.${source === 'file' || source === 'loading' ? source : 'error'}`, { error: source })}
            </div>
          )}
          <figcaption>
            {t('conv.input')}{' '}
            {input && (
              <span data-testid="conv-input-size">
                {`${input.height}×${input.width}` + `${input.channels > 1 ? `×${input.channels}` : ''}`}
              </span>
            )}{' '}
            · {t('conv.dropHint')}
          </figcaption>
        </figure>
        <figure className="teach-figure">
          {result && typeof result !== 'string' ? (
            <ImageCanvas image={result} display={conv.display} testId="conv-output" label={t('conv.output')} />
          ) : (
            <div className="teach-placeholder teach-error">{result}</div>
          )}
          <figcaption>
            {t('conv.output')}{' '}
            {result && typeof result !== 'string' && (
              <span data-testid="conv-output-size">
                {`${result.height}×${result.width}` + `${result.channels > 1 ? `×${result.channels}` : ''}`}
              </span>
            )}
            {range && (
              <>
                {' · '}
                <span data-testid="conv-output-range" data-min={range[0]} data-max={range[1]}>
                  {t('conv.range', { min: fmt(range[0]), max: fmt(range[1]) })}
                </span>
              </>
            )}
          </figcaption>
        </figure>
      </div>
      <WrapDemo />
      <StepMode />
    </div>
  );
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** The kernel picker and the custom-kernel grid editor of the playground. */
import { useTranslation } from 'react-i18next';
import { KERNELS, findKernel } from '../../engine/teach/kernels.ts';
import { useTeachStore } from './store.ts';
import { fmtCell, Select } from './widgets.tsx';

const SIZES = [1, 2, 3, 4, 5, 7];

export function currentKernelRows(kernelId: string, custom: number[][]): number[][] {
  return kernelId === 'custom' ? custom : (findKernel(kernelId)?.values ?? custom);
}

export function KernelEditor() {
  const { t } = useTranslation('teach');
  const conv = useTeachStore((s) => s.conv);
  const setConv = useTeachStore((s) => s.setConv);
  const named = findKernel(conv.kernelId);
  const rows = currentKernelRows(conv.kernelId, conv.custom);
  const resize = (n: number) =>
    setConv({
      custom: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => conv.custom[i]?.[j] ?? 0)),
    });
  return (
    <div className="teach-kernel">
      <Select
        label={t('conv.kernel')}
        testId="conv-kernel"
        value={conv.kernelId}
        options={[
          ...KERNELS.map((k) => ({ value: k.id, label: t(k.nameKey) })),
          { value: 'custom', label: t('conv.custom') },
        ]}
        onChange={(kernelId) => setConv({ kernelId })}
      />
      <p className="teach-note">{named ? t(named.descriptionKey) : t('conv.customHelp')}</p>
      {named && named.divisor !== 1 && <p className="teach-note">{t('conv.divisor', { divisor: named.divisor })}</p>}
      <table className="teach-grid teach-kernel-grid" data-testid="conv-kernel-grid">
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) => (
                <td key={j}>
                  {conv.kernelId === 'custom' ? (
                    <input
                      aria-label={t('conv.cell', { i: i + 1, j: j + 1 })}
                      data-testid={`conv-cell-${i}-${j}`}
                      defaultValue={String(v)}
                      key={`${rows.length}-${v}`}
                      onBlur={(e) => {
                        const x = Number(e.target.value);
                        if (e.target.value.trim() === '' || !Number.isFinite(x)) {
                          e.target.setCustomValidity(t('conv.notANumber'));
                          e.target.reportValidity();
                          return;
                        }
                        e.target.setCustomValidity('');
                        setConv({
                          custom: conv.custom.map((row, a) => row.map((old, b) => (a === i && b === j ? x : old))),
                        });
                      }}
                    />
                  ) : named && named.divisor !== 1 ? (
                    fmtCell(named.numerators[i][j])
                  ) : (
                    fmtCell(v)
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {conv.kernelId === 'custom' ? (
        <Select
          label={t('conv.size')}
          testId="conv-custom-size"
          value={String(conv.custom.length)}
          options={SIZES.map((n) => ({ value: String(n), label: `${n}×${n}` }))}
          onChange={(v) => resize(Number(v))}
        />
      ) : (
        <button
          type="button"
          data-testid="conv-edit-copy"
          onClick={() => setConv({ kernelId: 'custom', custom: rows.map((r) => [...r]) })}
        >
          {t('conv.editCopy')}
        </button>
      )}
    </div>
  );
}

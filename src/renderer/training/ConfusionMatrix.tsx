/**
 * Rows: true class; columns: predicted. Cells shaded by their share of the row; the diagonal is correct. With
 * `onCell`, a cell is a button that shows those test images (CellImages).
 */
import { useTranslation } from 'react-i18next';

interface Props {
  matrix: number[][];
  classes: string[];
  onCell?: (trueClass: number, predicted: number) => void;
  selected?: [number, number] | null;
}

export function ConfusionMatrix({ matrix, classes, onCell, selected }: Props) {
  const { t } = useTranslation();
  return (
    <div className="confusion" data-testid="confusion-matrix">
      <h4>{t('training.confusion')}</h4>
      <p className="confusion-axes">{t('training.trueVsPredicted')}</p>
      <table>
        <thead>
          <tr>
            <th className="confusion-corner" aria-label={t('training.trueVsPredicted')} />
            {classes.map((c) => (
              <th key={c} scope="col" title={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const sum = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={i}>
                <th scope="row" title={classes[i]}>
                  {classes[i]}
                </th>
                {row.map((v, j) => (
                  <td
                    key={j}
                    className={
                      `${i === j ? 'is-diag' : v ? 'is-off' : ''}` +
                      `${selected?.[0] === i && selected?.[1] === j ? ' is-picked' : ''}`
                    }
                    style={{ ['--share' as string]: String(v / sum) }}
                    title={`${classes[i]} → ${classes[j]}: ${v}`}
                    data-testid="confusion-cell"
                    data-i={i}
                    data-j={j}
                  >
                    {onCell && v > 0 ? (
                      <button
                        type="button"
                        className="confusion-pick"
                        onClick={() => onCell(i, j)}
                        aria-label={t('training.showCell', { true: classes[i], predicted: classes[j], count: v })}
                      >
                        {v}
                      </button>
                    ) : (
                      v
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

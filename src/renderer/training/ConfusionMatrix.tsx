/** Rows: true class; columns: predicted. Cells shaded by their share of the row; the diagonal is correct. */
import { useTranslation } from 'react-i18next';

export function ConfusionMatrix({ matrix, classes }: { matrix: number[][]; classes: string[] }) {
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
                    className={i === j ? 'is-diag' : v ? 'is-off' : undefined}
                    style={{ ['--share' as string]: String(v / sum) }}
                    title={`${classes[i]} → ${classes[j]}: ${v}`}
                  >
                    {v}
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

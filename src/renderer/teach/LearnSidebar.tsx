/** The Learn sidebar: the nine lessons in order; each opens its tool preset and ticks its task off live. */
import { useTranslation } from 'react-i18next';
import { useDocStore } from '../store/docStore.ts';
import { hasNetwork, LESSONS, loadLenet } from './lessons.ts';
import { useTeachStore, type TeachViewId } from './store.ts';

export interface LearnSidebarProps {
  /** Called when a lesson opens a view, so the App can switch to it. */
  onOpenView?: (id: TeachViewId) => void;
}

export function LearnSidebar({ onOpenView }: LearnSidebarProps) {
  const { t } = useTranslation('teach');
  const current = useTeachStore((s) => s.lesson);
  const teachState = useTeachStore();
  const doc = useDocStore();
  const open = (i: number) => {
    const lesson = LESSONS[i];
    lesson.preset();
    useTeachStore.setState({ lesson: i, view: lesson.view });
    onOpenView?.(lesson.view);
  };
  return (
    <aside className="teach-learn" data-testid="learn-sidebar" aria-label={t('learn.title')}>
      <h2>{t('learn.title')}</h2>
      <ol>
        {LESSONS.map((lesson, i) => {
          const done = lesson.check(teachState, doc);
          const active = current === i;
          return (
            <li
              key={lesson.id}
              className={active ? 'teach-lesson-active' : undefined}
              data-testid={`lesson-${i + 1}`}
              data-done={done}
            >
              <button
                type="button"
                className="teach-lesson-title"
                data-testid={`lesson-open-${i + 1}`}
                onClick={() => open(i)}
                aria-expanded={active}
              >
                {done ? '✓ ' : ''}
                {t(`lessons.${lesson.id}.title`)}
              </button>
              {active && (
                <div className="teach-lesson-body">
                  <p>{t(`lessons.${lesson.id}.body`)}</p>
                  {lesson.needsNetwork && !hasNetwork(doc) && (
                    <p>
                      {t('learn.needsNetwork')}{' '}
                      <button type="button" data-testid="lesson-load-lenet" onClick={loadLenet}>
                        {t('learn.loadLenet')}
                      </button>
                    </p>
                  )}
                  <p className="teach-task">
                    <strong>{t('learn.task')}</strong> {t(`lessons.${lesson.id}.task`)}
                  </p>
                  <p className={done ? 'teach-done' : 'teach-todo'} data-testid="lesson-status" role="status">
                    {done ? t('learn.done') : t('learn.todo')}
                  </p>
                  {i + 1 < LESSONS.length && done && (
                    <button type="button" data-testid="lesson-next" onClick={() => open(i + 1)}>
                      {t('learn.next')}
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </aside>
  );
}

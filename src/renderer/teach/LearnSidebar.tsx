/**
 * The Learn sidebar: the nine lessons in order; each opens its tool preset and ticks its task off when it is done
 * while the lesson is open. A tick stays (progress.ts): later presets and reloads do not take it away.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocStore } from '../store/docStore.ts';
import { hasNetwork, LESSONS, loadLenet } from './lessons.ts';
import { useProgress } from './progress.ts';
import { useTeachStore, type TeachViewId } from './store.ts';

export interface LearnSidebarProps {
  /** Called when a lesson opens a view (or the canvas, 'design'), so the App can switch to it. */
  onOpenView?: (id: TeachViewId | 'design') => void;
}

export function LearnSidebar({ onOpenView }: LearnSidebarProps) {
  const { t } = useTranslation('teach');
  const current = useTeachStore((s) => s.lesson);
  const teachState = useTeachStore();
  const doc = useDocStore();
  const completed = useProgress((s) => s.done);
  const openLesson = current === null ? null : LESSONS[current];
  const openDone = !!openLesson && openLesson.check(teachState, doc);
  useEffect(() => {
    if (openLesson && openDone) useProgress.getState().markDone(openLesson.id);
  }, [openLesson, openDone]);
  const open = (i: number) => {
    const lesson = LESSONS[i];
    lesson.preset();
    useTeachStore.setState(lesson.view === 'design' ? { lesson: i } : { lesson: i, view: lesson.view });
    onOpenView?.(lesson.view);
  };
  return (
    <aside className="teach-learn" data-testid="learn-sidebar" aria-label={t('learn.title')}>
      <h2>{t('learn.title')}</h2>
      <ol>
        {LESSONS.map((lesson, i) => {
          const done = completed.includes(lesson.id) || (current === i && openDone);
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
                    {done ? t('learn.done') : lesson.view === 'design' ? t('learn.todoCanvas') : t('learn.todo')}
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
      {completed.length > 0 && (
        <button
          type="button"
          className="teach-learn-reset"
          data-testid="lessons-reset"
          onClick={() => useProgress.getState().reset()}
        >
          {t('learn.reset')}
        </button>
      )}
    </aside>
  );
}

/**
 * The teaching tools (issue 6): the views the App shows as tabs, and the Learn sidebar with the guided lessons.
 * The App imports `{ TEACH_VIEWS, LearnSidebar }` from here; everything else in this folder is internal.
 */
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';

export type TeachViewId = 'convolution' | 'stride' | 'pooling' | 'receptive' | 'filters';

export interface TeachView {
  id: TeachViewId;
  /** i18n key in the `teach` namespace. */
  titleKey: string;
  Component: ComponentType;
}

function Placeholder({ id }: { id: TeachViewId }) {
  const { t } = useTranslation('teach');
  return <div data-testid={`teach-${id}`}>{t(`views.${id}`)}</div>;
}

export const TEACH_VIEWS: readonly TeachView[] = (['convolution', 'stride', 'pooling', 'receptive', 'filters'] as const).map((id) => ({
  id,
  titleKey: `views.${id}`,
  Component: () => <Placeholder id={id} />,
}));

export interface LearnSidebarProps {
  /** Called when a lesson wants a view opened; the App switches its tab. */
  onOpenView?: (id: TeachViewId) => void;
}

export function LearnSidebar(_props: LearnSidebarProps) {
  const { t } = useTranslation('teach');
  return <aside data-testid="learn-sidebar">{t('learn.title')}</aside>;
}

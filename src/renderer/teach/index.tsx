/**
 * The teaching tools: the views the App shows, and the Learn sidebar with the guided lessons.
 * The App imports `{ TEACH_VIEWS, LearnSidebar }`. Everything else in this folder is internal.
 */
import type { ComponentType } from 'react';
import { ConvolutionView } from './ConvolutionView.tsx';
import { FiltersView } from './FiltersView.tsx';
import { PoolingView } from './PoolingView.tsx';
import { ReceptiveView } from './ReceptiveView.tsx';
import { StrideView } from './StrideView.tsx';
import { useTeachStore, type TeachViewId } from './store.ts';
import './teach.css';

export type { TeachViewId };
export { LearnSidebar, type LearnSidebarProps } from './LearnSidebar.tsx';
export { useTeachStore };

export interface TeachView {
  id: TeachViewId;
  /** i18n key in the `teach` namespace. */
  titleKey: string;
  Component: ComponentType;
}

export const TEACH_VIEWS: readonly TeachView[] = [
  { id: 'convolution', titleKey: 'views.convolution', Component: ConvolutionView },
  { id: 'stride', titleKey: 'views.stride', Component: StrideView },
  { id: 'pooling', titleKey: 'views.pooling', Component: PoolingView },
  { id: 'receptive', titleKey: 'views.receptive', Component: ReceptiveView },
  { id: 'filters', titleKey: 'views.filters', Component: FiltersView },
];

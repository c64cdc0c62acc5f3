/**
 * Fit that keeps the canvas readable. React Flow's fitView shrinks a long network until it fits, which at
 * 1280×720 put LeNet-5 at zoom 0.52 and a node's 11 px summary at 5.7 px. Here the zoom never goes below
 * READABLE_ZOOM (0.9: the 11–13 px node text stays at 10–12 px); a network taller or wider than the pane at that
 * zoom is shown from its top (and centred, or from its left) and scrolls: the wheel pans the canvas.
 */
import { getViewportForBounds, type ReactFlowInstance } from '@xyflow/react';

export const READABLE_ZOOM = 0.9;
/** The most Fit zooms in on a small network. */
const MAX_FIT_ZOOM = 1;
/** Room around the network, as a fraction of the pane (React Flow's fitView padding). */
const PADDING = 0.15;
/** Room above the network's first row when it is shown from its top, in screen pixels. */
const TOP_GAP = 24;

type Flow = Pick<ReactFlowInstance, 'getNodes' | 'getNodesBounds' | 'setViewport' | 'fitView'>;

/** The viewport Fit picks for `bounds` in a pane of `width` × `height` pixels. */
export function readableViewport(
  bounds: { x: number; y: number; width: number; height: number },
  width: number,
  height: number,
): { x: number; y: number; zoom: number } {
  const fit = getViewportForBounds(bounds, width, height, 0.05, MAX_FIT_ZOOM, PADDING);
  if (fit.zoom >= READABLE_ZOOM) return fit;
  const z = READABLE_ZOOM;
  const w = bounds.width * z;
  const h = bounds.height * z;
  const side = Math.max(TOP_GAP, (width * PADDING) / 2);
  return {
    zoom: z,
    x: w + 2 * side <= width ? (width - w) / 2 - bounds.x * z : side - bounds.x * z,
    y: h + 2 * TOP_GAP <= height ? (height - h) / 2 - bounds.y * z : TOP_GAP - bounds.y * z,
  };
}

/** Fits the network in the canvas pane at a readable zoom (see above). */
export function fitReadable(flow: Flow, duration = 0): void {
  const nodes = flow.getNodes();
  const pane = document.querySelector('[data-testid="canvas"] .react-flow');
  if (!nodes.length || !pane) {
    void flow.fitView({ padding: PADDING, maxZoom: MAX_FIT_ZOOM, duration });
    return;
  }
  const { width, height } = pane.getBoundingClientRect();
  if (width <= 0 || height <= 0) return;
  void flow.setViewport(readableViewport(flow.getNodesBounds(nodes), width, height), { duration });
}

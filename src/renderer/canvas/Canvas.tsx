/**
 * The design canvas: React Flow over the document store. Connections are checked by the engine as they are
 * drawn; palette items are dropped with screenToFlowPosition (xyflow's DragNDrop example).
 */
import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
} from '@xyflow/react';
import { useCallback, useEffect, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { checkConnection, connectThroughFlatten } from '../../engine/edit.ts';
import type { Message } from '../../engine/messages.ts';
import { addNodeAt, connectAction, connectViaFlatten, insertOnEdgeAt } from '../actions/editActions.ts';
import { CanvasMenu, type MenuTarget } from './CanvasMenu.tsx';
import i18n from '../i18n/index.ts';
import { say } from '../i18n/engineText.ts';
import { selectGraph } from '../store/analysis.ts';
import { currentDocument, useDocStore } from '../store/docStore.ts';
import { toast, useUiStore } from '../store/uiStore.ts';
import { ConnectionHint } from './ConnectionHint.tsx';
import { WeightsNote } from '../weights/WeightsNote.tsx';
import { edgeTypes, nodeTypes } from './types.ts';
import '@xyflow/react/dist/style.css';
import './Canvas.css';

import { DRAG_MIME } from './dnd.ts';
import { fitReadable, READABLE_ZOOM } from './fit.ts';

function isValidConnection(c: Connection | Edge): boolean {
  return checkConnection(selectGraph(useDocStore.getState()), c.source, c.target).ok;
}

/**
 * Says why a connection was refused; when a Flatten between the two would make it work (a dense layer drawn from
 * a feature map), the toast offers to insert it right there.
 */
function refused(source: string, target: string, text: Message): void {
  const via = connectThroughFlatten(currentDocument(), source, target);
  const label = i18n.t('canvasMenu.insertFlatten');
  toast('error', say(i18n.t, text), via ? { label, run: () => connectViaFlatten(source, target) } : undefined);
}

function onConnect(c: Connection) {
  const reason = connectAction(c);
  if (reason) refused(c.source, c.target, reason);
}

function onConnectEnd(_e: MouseEvent | TouchEvent, state: FinalConnectionState) {
  if (!state.toNode || state.isValid !== false || !state.fromHandle) return;
  const forward = state.fromHandle.type === 'source';
  const [source, target] = forward ? [state.fromNode!.id, state.toNode.id] : [state.toNode.id, state.fromNode!.id];
  const check = checkConnection(selectGraph(useDocStore.getState()), source, target);
  if (!check.ok) refused(source, target, check.text);
}

/** The connection under the pointer, if any: its path (React Flow's wide interaction stroke) or its shape label. */
function edgeAt(x: number, y: number): string | null {
  for (const el of document.elementsFromPoint(x, y)) {
    const hit = el.closest('[data-edge-id], .react-flow__edge[data-id]');
    if (hit) return hit.getAttribute('data-edge-id') ?? hit.getAttribute('data-id');
  }
  return null;
}

export function Canvas() {
  const { nodes, edges, onNodesChange, onEdgesChange, loadCount } = useDocStore(
    useShallow((s) => ({
      nodes: s.nodes,
      edges: s.edges,
      onNodesChange: s.onNodesChange,
      onEdgesChange: s.onEdgesChange,
      loadCount: s.loadCount,
    })),
  );
  const theme = useUiStore((s) => s.theme);
  const { t } = useTranslation();
  const flow = useReactFlow();
  const { screenToFlowPosition } = flow;
  const [menu, setMenu] = useState<MenuTarget | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  const onNodeContextMenu = useCallback((e: ReactMouseEvent, n: { id: string }) => {
    e.preventDefault();
    useDocStore.getState().select([n.id]);
    setMenu({ type: 'node', id: n.id, x: e.clientX, y: e.clientY });
  }, []);
  const onEdgeContextMenu = useCallback((e: ReactMouseEvent, edge: { id: string }) => {
    e.preventDefault();
    setMenu({ type: 'edge', id: edge.id, x: e.clientX, y: e.clientY });
  }, []);

  useEffect(() => {
    // A new document: fit it once its nodes are measured.
    const t = setTimeout(() => fitReadable(flow), 60);
    return () => clearTimeout(t);
  }, [loadCount, flow]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(DRAG_MIME);
      if (!kind) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // Centre the new node under the pointer (nodes are about 220 × 84); dropped on a connection, it goes in it.
      const at = { x: Math.round(p.x - 110), y: Math.round(p.y - 30) };
      const edge = edgeAt(e.clientX, e.clientY);
      if (edge) insertOnEdgeAt(edge, kind, at);
      else addNodeAt(kind, at);
    },
    [screenToFlowPosition],
  );

  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onNodeContextMenu={onNodeContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        isValidConnection={isValidConnection}
        onDrop={onDrop}
        onDragOver={onDragOver}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        colorMode={theme}
        minZoom={0.1}
        maxZoom={2.5}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1, minZoom: READABLE_ZOOM }}
        panOnScroll
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton
            onClick={() => fitReadable(flow, 200)}
            title={t('canvas.fit')}
            aria-label={t('canvas.fit')}
            data-testid="canvas-fit"
          >
            <svg viewBox="0 0 32 30" aria-hidden="true">
              <path
                d={
                  'M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631z' +
                  'M27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0z' +
                  'm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707' +
                  'v-5.139h-3.692v5.139z' +
                  'm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139' +
                  'c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z'
                }
              />
            </svg>
          </ControlButton>
        </Controls>
        <MiniMap pannable zoomable nodeStrokeWidth={2} style={{ width: 150, height: 100 }} />
        <ConnectionHint />
        <Panel position="top-left">
          <WeightsNote where="canvas" />
        </Panel>
      </ReactFlow>
      {menu && <CanvasMenu target={menu} onClose={closeMenu} />}
    </div>
  );
}

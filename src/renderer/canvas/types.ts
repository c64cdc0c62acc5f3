/** nodeTypes and edgeTypes as module-level constants (React Flow re-mounts every node if these change). */
import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { LAYERS } from '../../engine/registry.ts';
import { LayerNodeView } from './LayerNodeView.tsx';
import { ShapeEdge } from './ShapeEdge.tsx';

export const nodeTypes: NodeTypes = Object.fromEntries(LAYERS.map((l) => [l.kind, LayerNodeView]));
export const edgeTypes: EdgeTypes = { shape: ShapeEdge };

/** Hands the React Flow instance to the command dispatcher (view commands from menus and shortcuts). */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { setFlowInstance } from '../actions/commands.ts';

export function FlowBridge() {
  const flow = useReactFlow();
  useEffect(() => {
    setFlowInstance(flow);
    return () => setFlowInstance(null);
  }, [flow]);
  return null;
}

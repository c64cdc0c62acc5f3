/**
 * The templates are the example files in resources/examples (one source of truth, shared with the CLI and the
 * README), bundled at build time. The id is the file name without .json, as in data-testid="template-<id>".
 */
import { restoreDocument, type GraphDocument } from '../../engine/document.ts';

const files = import.meta.glob<unknown>('../../../resources/examples/*.json', { eager: true, import: 'default' });

export interface Template {
  id: string;
  document: GraphDocument;
}

/** The order the menu shows them in; files not listed follow alphabetically. */
const ORDER = ['lenet5', 'conv-stack', 'lc-stack', 'mlp', 'residual'];

export const TEMPLATES: readonly Template[] = Object.entries(files)
  .map(([path, raw]) => {
    const id = /([^/]+)\.json$/.exec(path)![1];
    const r = restoreDocument(raw);
    if (!r.ok) throw new Error(`resources/examples/${id}.json: ${r.error}`);
    return { id, document: r.document };
  })
  .sort((a, b) => {
    const ia = ORDER.indexOf(a.id);
    const ib = ORDER.indexOf(b.id);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.id.localeCompare(b.id);
  });

export function templateById(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

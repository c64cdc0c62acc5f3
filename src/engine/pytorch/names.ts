/**
 * Python identifiers for the document's node ids: the same text where it is one (`c1`, `p1`), otherwise the
 * invalid characters become `_`, a leading digit gets `n_` before it (and a name of underscores alone an `n`),
 * and names that Python, nn.Module or the generated code already use get `_` after them. Unique per network.
 */

// Python 3.11 keywords (`keyword.kwlist`) and soft keywords.
const KEYWORDS = `False None True and as assert async await break class continue def del elif else except finally for
from global if import in is lambda nonlocal not or pass raise return try while with yield match case _`.split(/\s+/);

// What model.py's forward and module scope already name, nn.Module attributes a layer must not shadow, and
// Python's builtins that a local variable would hide.
const TAKEN = `x self torch nn F math Net super print len range type id input
training forward train eval to cpu cuda float double half type apply parameters buffers modules children
state_dict load_state_dict named_parameters named_buffers named_modules named_children zero_grad requires_grad_
register_buffer register_parameter register_module add_module get_submodule get_parameter extra_repr share_memory
probabilities dump_patches call_super_init
sum max min abs all any len list dict set tuple str int float bool map filter zip iter next open pow round sorted
object format hash vars dir slice reversed enumerate isinstance getattr setattr super`.split(/\s+/);

const RESERVED = new Set([...KEYWORDS, ...TAKEN]);

export function pythonNames(ids: readonly string[]): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const id of ids) {
    let name = id.replace(/[^A-Za-z0-9_]/g, '_');
    if (/^[0-9]/.test(name)) name = `n_${name}`;
    if (/^_*$/.test(name)) name = `n${name}`; // nothing but the underscores that stood for other characters
    if (name.startsWith('__')) name = `n${name}`;
    while (RESERVED.has(name)) name = `${name}_`;
    let unique = name;
    for (let i = 2; used.has(unique); i++) unique = `${name}_${i}`;
    used.add(unique);
    out.set(id, unique);
  }
  return out;
}

// Tool pinning against tool poisoning: the first time the proxy sees an upstream tool it records a hash of
// what the agent is shown (description, title, input schema, annotations). A tool that later differs is
// "changed": the agent keeps seeing the pinned definition, and calls to it are refused locally with reason
// `injection.tool_changed` until an operator re-pins (`--repin`). The new text never reaches the agent.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { AirlockError } from '../../../governance/errors.ts';
import { canonicalJson, sha256 } from './canonical.ts';

export interface Pin {
  hash: string;
  /** The definition as approved, shown to the agent while the upstream's current one differs. */
  tool: Tool;
  pinnedAt: string;
}

export interface ToolCheck {
  tool: Tool;
  status: 'pinned' | 'new' | 'changed';
  /** For changed: what differs (description, inputSchema, annotations, title). */
  changedFields?: string[];
  pin: Pin;
  currentHash: string;
}

const PinFile = z.object({
  version: z.literal(1),
  upstream: z.string(),
  tools: z.record(
    z.string(),
    z.object({ hash: z.string(), tool: z.looseObject({ name: z.string() }), pinnedAt: z.string() }),
  ),
});

const pinned = (t: Tool) => ({
  title: t.title,
  description: t.description,
  inputSchema: t.inputSchema,
  outputSchema: t.outputSchema,
  annotations: t.annotations,
});

export const toolHash = (t: Tool): string => sha256(canonicalJson(pinned(t)));

export class ToolPins {
  private readonly pins = new Map<string, Pin>();

  constructor(
    readonly upstream: string,
    private readonly file?: string | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (file) this.load(file);
  }

  /** Compares the upstream's current tools with the pins; tools seen for the first time are pinned now. */
  check(tools: readonly Tool[]): ToolCheck[] {
    let dirty = false;
    const out = tools.map((tool): ToolCheck => {
      const currentHash = toolHash(tool);
      const pin = this.pins.get(tool.name);
      if (!pin) {
        const fresh = { hash: currentHash, tool, pinnedAt: this.now().toISOString() };
        this.pins.set(tool.name, fresh);
        dirty = true;
        return { tool, status: 'new', pin: fresh, currentHash };
      }
      if (pin.hash === currentHash) return { tool, status: 'pinned', pin, currentHash };
      const before = pinned(pin.tool);
      const after = pinned(tool);
      const changedFields = (Object.keys(after) as Array<keyof typeof after>).filter(
        (k) => canonicalJson(before[k]) !== canonicalJson(after[k]),
      );
      return { tool, status: 'changed', changedFields, pin, currentHash };
    });
    if (dirty) this.save();
    return out;
  }

  /** The operator accepts the upstream's current definitions (`airlock mcp-proxy --repin`). */
  repin(tools: readonly Tool[]): void {
    for (const tool of tools)
      this.pins.set(tool.name, { hash: toolHash(tool), tool, pinnedAt: this.now().toISOString() });
    this.save();
  }

  get(name: string): Pin | undefined {
    return this.pins.get(name);
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    const parsed = PinFile.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new AirlockError(
        'invalid_input',
        `--pins ${file}: not an Airlock pin file (${parsed.error.issues[0]?.message})`,
        {
          field: 'pins',
        },
      );
    }
    if (parsed.data.upstream !== this.upstream) {
      throw new AirlockError(
        'invalid_input',
        `--pins ${file}: pins upstream "${parsed.data.upstream}", not "${this.upstream}"; use one pin file per upstream`,
        { field: 'pins' },
      );
    }
    for (const [name, p] of Object.entries(parsed.data.tools))
      this.pins.set(name, { ...p, tool: p.tool as Tool });
  }

  private save(): void {
    if (!this.file) return;
    const tools = Object.fromEntries([...this.pins].sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(this.file, `${JSON.stringify({ version: 1, upstream: this.upstream, tools }, null, 2)}\n`);
  }
}

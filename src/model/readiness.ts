// What a VM can be waited for (`tshyve wait --for`, `autostart.after[].ready`): its process runs,
// it holds a DHCP lease, its SSH port answers with an `SSH-2.0-` banner (RFC 4253 §4.2), or com1 printed a match.
export type ReadyCondition = { kind: 'running' } | { kind: 'address' } | { kind: 'ssh' } | { kind: 'serial'; pattern: string };

export const READY_KINDS = ['running', 'address', 'ssh', 'serial:REGEX'] as const;

/** Parses `running`, `address`, `ssh` or `serial:REGEX`; a string is the reason it is not one. */
export function parseReadyCondition(text: string): ReadyCondition | string {
  if (text === 'running' || text === 'address' || text === 'ssh') return { kind: text };
  if (text.startsWith('serial:')) {
    const pattern = text.slice('serial:'.length);
    if (pattern === '') return 'serial: needs a regular expression after the colon (serial:login:)';
    try {
      new RegExp(pattern);
    } catch (error) {
      return `serial:${pattern} is not a valid regular expression: ${(error as Error).message}`;
    }
    return { kind: 'serial', pattern };
  }
  return `expected one of ${READY_KINDS.join(', ')}, got ${JSON.stringify(text)}`;
}

export function formatReadyCondition(c: ReadyCondition): string {
  return c.kind === 'serial' ? `serial:${c.pattern}` : c.kind;
}

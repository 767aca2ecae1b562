// The one error type tshyve throws: a stable `code` (TSHYVE_*), a message for people, the original as `cause`.

export type TshyveErrorCode =
  | 'TSHYVE_SPEC_INVALID'
  | 'TSHYVE_USAGE'
  | 'TSHYVE_NOT_FOUND'
  | 'TSHYVE_HOST_COMMAND_FAILED'
  | 'TSHYVE_HOST_OBSERVE_FAILED'
  | 'TSHYVE_PREFLIGHT_FAILED'
  | 'TSHYVE_CONFLICT'
  | 'TSHYVE_LOCKED'
  | 'TSHYVE_STATE_CORRUPT'
  | 'TSHYVE_KVM_UNAVAILABLE'
  | 'TSHYVE_BOOT_FAILED'
  | 'TSHYVE_VM_SETUP_FAILED'
  | 'TSHYVE_NATIVE_UNAVAILABLE'
  | 'TSHYVE_FIRMWARE_INVALID'
  | 'TSHYVE_VM_FAILED'
  | 'TSHYVE_SNAPSHOT_FAILED'
  | 'TSHYVE_RESTORE_REFUSED'
  | 'TSHYVE_NOT_READY'
  | 'TSHYVE_UNSUPPORTED'
  | 'TSHYVE_PERMISSION'
  | 'TSHYVE_INTERNAL';

export class TshyveError extends Error {
  readonly code: TshyveErrorCode;

  constructor(code: TshyveErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TshyveError';
    this.code = code;
  }
}

export function isTshyveError(value: unknown): value is TshyveError {
  return value instanceof TshyveError;
}

/**
 * Reusable typed-array buffers for chain analysis. A caller that analyses chain after chain (the
 * analytics engine) keeps one workspace, so each analysis writes into the same memory instead of
 * allocating ~3 MB of columns and scratch per chain; retained buffers of every previous analysis
 * would otherwise pile up in the old generation until a full garbage collection.
 *
 * Arrays handed out are views of length n, valid until the same key is requested again — that is,
 * until the next analysis on this workspace. Contents are not cleared unless `zeroed` is asked for.
 */
type Kind = 'f64' | 'i32' | 'u8';

type ViewOf<K extends Kind> = K extends 'f64'
  ? Float64Array
  : K extends 'i32'
    ? Int32Array
    : Uint8Array;

export class ChainWorkspace {
  private readonly buffers = new Map<string, Float64Array | Int32Array | Uint8Array>();

  /**
   * @param reuse false gives a workspace that allocates fresh arrays on every request (results
   *   then stay valid for as long as the caller holds them).
   */
  constructor(private readonly reuse = true) {}

  float64(key: string, n: number, zeroed = false): Float64Array {
    return this.view(key, 'f64', n, zeroed);
  }

  int32(key: string, n: number, zeroed = false): Int32Array {
    return this.view(key, 'i32', n, zeroed);
  }

  uint8(key: string, n: number, zeroed = false): Uint8Array {
    return this.view(key, 'u8', n, zeroed);
  }

  private view<K extends Kind>(key: string, kind: K, n: number, zeroed: boolean): ViewOf<K> {
    if (!this.reuse) return allocate(kind, n) as ViewOf<K>;
    const name = `${kind}:${key}`;
    let buffer = this.buffers.get(name);
    if (!buffer || buffer.length < n) {
      // Grow by half again so a slowly growing chain does not reallocate every time.
      buffer = allocate(kind, Math.max(n, Math.ceil((buffer?.length ?? 0) * 1.5)));
      this.buffers.set(name, buffer);
    } else if (zeroed) buffer.fill(0, 0, n);
    return buffer.subarray(0, n) as ViewOf<K>;
  }
}

function allocate(kind: Kind, n: number): Float64Array | Int32Array | Uint8Array {
  if (kind === 'f64') return new Float64Array(n);
  if (kind === 'i32') return new Int32Array(n);
  return new Uint8Array(n);
}

/** A workspace that always allocates: for one-off analyses whose results are kept. */
export function freshWorkspace(): ChainWorkspace {
  return new ChainWorkspace(false);
}

/**
 * The event store of the cascade: delayed events in a pool of typed arrays under a binary min-heap ordered by
 * (time, creation order), and a FIFO of events at the current time that holds its events' fields itself (most
 * events of a cascade never wait, so they never touch the pool). Reset between runs keeps the buffers, so that
 * a Monte Carlo worker allocates them once.
 */
export class EventQueue {
  /** The current time: that of the last `advance`. */
  nowHours = 0;
  /** The event taken by `shiftNow`. */
  kindNow = 0;
  nodeNow = 0;
  groupNow = 0;
  /** A supplier for failures, a token (episode, restart) for checks. */
  auxNow = 0;
  private timeHours: Float64Array;
  private kind: Uint8Array;
  private node: Int32Array;
  private group: Int32Array;
  private aux: Int32Array;
  private count = 0;
  // The heap keeps each event's time beside its id: comparisons then read the heap's own (cached) memory.
  private heap: Int32Array;
  private heapTime: Float64Array;
  private heapSize = 0;
  private fifoKind: Uint8Array;
  private fifoNode: Int32Array;
  private fifoGroup: Int32Array;
  private fifoAux: Int32Array;
  private fifoHead = 0;
  private fifoTail = 0;

  /** `capacity`: expected delayed events per run; buffers grow as needed. */
  constructor(capacity = 1024) {
    const size = Math.max(1024, capacity);
    this.timeHours = new Float64Array(size);
    this.kind = new Uint8Array(size);
    this.node = new Int32Array(size);
    this.group = new Int32Array(size);
    this.aux = new Int32Array(size);
    this.heap = new Int32Array(1024);
    this.heapTime = new Float64Array(1024);
    this.fifoKind = new Uint8Array(1024);
    this.fifoNode = new Int32Array(1024);
    this.fifoGroup = new Int32Array(1024);
    this.fifoAux = new Int32Array(1024);
  }

  reset(): void {
    this.count = 0;
    this.heapSize = 0;
    this.fifoHead = 0;
    this.fifoTail = 0;
    this.nowHours = 0;
  }

  /** An event at the current time, handled after those already queued. */
  pushNow(kind: number, node: number, group: number, aux: number): void {
    if (this.fifoTail === this.fifoKind.length) this.growFifo();
    const at = this.fifoTail++;
    this.fifoKind[at] = kind;
    this.fifoNode[at] = node;
    this.fifoGroup[at] = group;
    this.fifoAux[at] = aux;
  }

  /** A delayed event. */
  schedule(timeHours: number, kind: number, node: number, group: number, aux: number): void {
    if (this.count === this.kind.length) this.growPool();
    const id = this.count++;
    this.timeHours[id] = timeHours;
    this.kind[id] = kind;
    this.node[id] = node;
    this.group[id] = group;
    this.aux[id] = aux;
    if (this.heapSize === this.heap.length) {
      this.heap = grow(this.heap, this.heap.length * 2);
      this.heapTime = grow(this.heapTime, this.heapTime.length * 2);
    }
    const { heap, heapTime } = this;
    let i = this.heapSize++;
    // Ids grow with creation, so a new event goes after every queued event of the same time.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapTime[parent]! <= timeHours) break;
      heap[i] = heap[parent]!;
      heapTime[i] = heapTime[parent]!;
      i = parent;
    }
    heap[i] = id;
    heapTime[i] = timeHours;
  }

  get hasNow(): boolean {
    return this.fifoHead < this.fifoTail;
  }

  /** Takes the next event of the FIFO into `kindNow`, `nodeNow`, `groupNow`, `auxNow` (check `hasNow` first). */
  shiftNow(): void {
    const at = this.fifoHead++;
    this.kindNow = this.fifoKind[at]!;
    this.nodeNow = this.fifoNode[at]!;
    this.groupNow = this.fifoGroup[at]!;
    this.auxNow = this.fifoAux[at]!;
    if (this.fifoHead === this.fifoTail) this.fifoHead = this.fifoTail = 0;
  }

  /** Time of the earliest delayed event, or Infinity. */
  peekTime(): number {
    return this.heapSize === 0 ? Number.POSITIVE_INFINITY : this.heapTime[0]!;
  }

  /** Moves every delayed event at the earliest time into the FIFO, in creation order, and makes that time the current one. */
  advance(): number {
    const time = this.peekTime();
    this.nowHours = time;
    while (this.heapSize > 0 && this.heapTime[0] === time) {
      const id = this.popHeap();
      this.pushNow(this.kind[id]!, this.node[id]!, this.group[id]!, this.aux[id]!);
    }
    return time;
  }

  private popHeap(): number {
    const { heap, heapTime } = this;
    const top = heap[0]!;
    const size = --this.heapSize;
    const last = heap[size]!;
    const lastTime = heapTime[size]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      let child = left;
      if (right < size && (heapTime[right]! < heapTime[left]! || (heapTime[right] === heapTime[left] && heap[right]! < heap[left]!))) child = right;
      if (heapTime[child]! > lastTime || (heapTime[child] === lastTime && heap[child]! > last)) break;
      heap[i] = heap[child]!;
      heapTime[i] = heapTime[child]!;
      i = child;
    }
    if (size > 0) {
      heap[i] = last;
      heapTime[i] = lastTime;
    }
    return top;
  }

  private growPool(): void {
    const size = this.kind.length * 2;
    this.timeHours = grow(this.timeHours, size);
    this.kind = grow(this.kind, size);
    this.node = grow(this.node, size);
    this.group = grow(this.group, size);
    this.aux = grow(this.aux, size);
  }

  private growFifo(): void {
    const size = this.fifoKind.length * 2;
    this.fifoKind = grow(this.fifoKind, size);
    this.fifoNode = grow(this.fifoNode, size);
    this.fifoGroup = grow(this.fifoGroup, size);
    this.fifoAux = grow(this.fifoAux, size);
  }
}

/** A copy of `array` in a buffer of `size` elements. */
export function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (size: number) => T)(size);
  bigger.set(array);
  return bigger;
}

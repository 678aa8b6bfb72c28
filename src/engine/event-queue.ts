/**
 * The event store of the cascade: a pool of events in typed arrays, a binary min-heap of delayed events
 * ordered by (time, creation order) and a FIFO of events at the current time. Reset between runs keeps
 * the buffers, so that a Monte Carlo worker allocates them once.
 */
export class EventQueue {
  timeHours: Float64Array;
  kind: Uint8Array;
  node: Int32Array;
  group: Int32Array;
  /** A supplier for failures, a token (episode, restart) for checks. */
  aux: Int32Array;
  private count = 0;
  // The heap keeps each event's time beside its id: comparisons then read the heap's own (cached) memory.
  private heap: Int32Array;
  private heapTime: Float64Array;
  private heapSize = 0;
  private fifo: Int32Array;
  private fifoHead = 0;
  private fifoTail = 0;

  /** `capacity`: expected events per run (the node count is a good guess); buffers grow as needed. */
  constructor(capacity = 1024) {
    const size = Math.max(1024, capacity);
    this.timeHours = new Float64Array(size);
    this.kind = new Uint8Array(size);
    this.node = new Int32Array(size);
    this.group = new Int32Array(size);
    this.aux = new Int32Array(size);
    this.heap = new Int32Array(1024);
    this.heapTime = new Float64Array(1024);
    this.fifo = new Int32Array(1024);
  }

  reset(): void {
    this.count = 0;
    this.heapSize = 0;
    this.fifoHead = 0;
    this.fifoTail = 0;
  }

  /** Events created since the last reset. */
  get created(): number {
    return this.count;
  }

  private create(timeHours: number, kind: number, node: number, group: number, aux: number): number {
    if (this.count === this.kind.length) this.growPool();
    const id = this.count++;
    this.timeHours[id] = timeHours;
    this.kind[id] = kind;
    this.node[id] = node;
    this.group[id] = group;
    this.aux[id] = aux;
    return id;
  }

  /** An event at the current time, handled after those already queued. */
  pushNow(timeHours: number, kind: number, node: number, group: number, aux: number): void {
    const id = this.create(timeHours, kind, node, group, aux);
    if (this.fifoTail === this.fifo.length) this.fifo = grow(this.fifo, this.fifo.length * 2);
    this.fifo[this.fifoTail++] = id;
  }

  /** A delayed event. */
  schedule(timeHours: number, kind: number, node: number, group: number, aux: number): void {
    const id = this.create(timeHours, kind, node, group, aux);
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

  /** The next event of the FIFO (check `hasNow` first). */
  shiftNow(): number {
    const id = this.fifo[this.fifoHead++]!;
    if (this.fifoHead === this.fifoTail) this.fifoHead = this.fifoTail = 0;
    return id;
  }

  /** Time of the earliest delayed event, or Infinity. */
  peekTime(): number {
    return this.heapSize === 0 ? Number.POSITIVE_INFINITY : this.heapTime[0]!;
  }

  /** Moves every delayed event at the earliest time into the FIFO, in creation order; returns that time. */
  advance(): number {
    const time = this.peekTime();
    while (this.heapSize > 0 && this.heapTime[0] === time) {
      const id = this.popHeap();
      if (this.fifoTail === this.fifo.length) this.fifo = grow(this.fifo, this.fifo.length * 2);
      this.fifo[this.fifoTail++] = id;
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
}

/** A copy of `array` in a buffer of `size` elements. */
export function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (size: number) => T)(size);
  bigger.set(array);
  return bigger;
}

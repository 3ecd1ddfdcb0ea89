// `work`'s outcome, or what `onTimeout` returns (or throws) once `ms` have passed; `work` itself
// goes on unheard. The timer is cleared when `work` settles first and never keeps the process up.
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, ms);
    timer.unref();
  });
  return Promise.race([work, timedOut]).finally(() => clearTimeout(timer));
}

// For onTimeout: rejects with `message`.
export function timeoutError(message: string): () => never {
  return () => {
    throw new Error(message);
  };
}

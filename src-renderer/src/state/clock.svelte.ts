/** A ticking "now" for durations on screen (time in state), shared by every component. */
class Ticker {
  now = $state(Date.now());
  private timer: ReturnType<typeof setInterval> | null = null;
  private users = 0;

  use(): () => void {
    this.users++;
    this.timer ??= setInterval(() => (this.now = Date.now()), 1000);
    return () => {
      this.users--;
      if (this.users === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }
}

export const ticker = new Ticker();

// Each screen's heading takes focus when the screen appears, so a screen reader announces where the
// technician now is and Tab continues from the top of the new screen.
import { useEffect, useRef, type ReactElement, type ReactNode } from 'react';

export function ScreenHeading({ id, children }: { id: string; children: ReactNode }): ReactElement {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

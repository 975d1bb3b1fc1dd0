// Small line icons drawn inline (no icon font, nothing fetched). Always paired with a word: they add a
// shape to the meaning, never carry it alone, so they are hidden from screen readers.
import type { ReactElement } from 'react';

type IconName = 'usb' | 'ethernet' | 'lock' | 'unlinked' | 'practice' | 'device' | 'run' | 'stop' | 'pause' | 'unknown' | 'error' | 'arrow-left' | 'refresh';

const PATHS: Record<IconName, ReactElement> = {
  usb: <path d="M12 2v14m0 0a3 3 0 1 0 0 6 3 3 0 0 0 0-6Zm0-6 5-3v4m-5 2-5-3V6m10-1h-2v2h2zM7 4.5A1.5 1.5 0 1 0 7 7.5 1.5 1.5 0 0 0 7 4.5Z" />,
  ethernet: <path d="M4 9h16v10H4zM8 19v-3m4 3v-3m4 3v-3M9 9V5h6v4" />,
  lock: <path d="M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4m-4 4v2" />,
  unlinked: <path d="M9 15 4 20m11-11 5-5M8 8l-2 2a4 4 0 0 0 0 5m10-6 2-2M16 16l2-2a4 4 0 0 0-1-5M3 3l18 18" />,
  practice: <path d="M4 6h16v10H4zM2 20h20M9 10l-2 2 2 2m6-4 2 2-2 2" />,
  device: <path d="M5 3h14v18H5zM9 7h6m-6 4h6m-3 6h.01" />,
  run: <path d="M8 5v14l11-7z" />,
  stop: <path d="M6 6h12v12H6z" />,
  pause: <path d="M8 5v14m8-14v14" />,
  unknown: <path d="M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14m0 4h.01M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Z" />,
  error: <path d="M12 3 2 21h20zM12 10v5m0 3h.01" />,
  'arrow-left': <path d="M19 12H5m6-6-6 6 6 6" />,
  refresh: <path d="M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5" />,
};

export function Icon({ name }: { name: IconName }): ReactElement {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      {PATHS[name]}
    </svg>
  );
}

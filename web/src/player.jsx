import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { audioBlobUrl, clipUrl } from './api.js';

const PlayerContext = createContext(null);

export const usePlayer = () => useContext(PlayerContext);

export function formatSeconds(seconds) {
  const m = Math.floor(seconds / 60);
  const s = (seconds - m * 60).toFixed(1).padStart(4, '0');
  return `${m}:${s}`;
}

/**
 * One audio element for the whole app, playing a queue of clips: one cited clip, every clip of an answer in turn, or
 * an answer's own audio ({@code audioPath}: its recorded sentences and synthesised speech for the rest). Each is
 * fetched with the token and played from a blob URL (the audio routes need the bearer header).
 */
export function PlayerProvider({ children }) {
  const audio = useRef(null);
  const queue = useRef([]);
  const position = useRef(0);
  const blobUrl = useRef(null);
  const [now, setNow] = useState(null);

  const release = () => {
    if (blobUrl.current) URL.revokeObjectURL(blobUrl.current);
    blobUrl.current = null;
  };

  const playAt = async index => {
    position.current = index;
    const clip = queue.current[index];
    if (!clip) {
      setNow(n => n && { ...n, state: 'ended' });
      return;
    }
    setNow({ ...clip, index, total: queue.current.length, state: 'loading' });
    try {
      const url = clip.audioPath ? await audioBlobUrl(clip.audioPath)
        : await clipUrl(clip.personaId, clip.recordingId, clip.startSec, clip.endSec);
      if (queue.current[position.current] !== clip) {
        URL.revokeObjectURL(url); // another play() came in meanwhile
        return;
      }
      release();
      blobUrl.current = url;
      audio.current.src = url;
      await audio.current.play();
    } catch (e) {
      setNow(n => n && { ...n, state: 'error', error: e.message });
    }
  };

  const play = clips => {
    queue.current = clips;
    audio.current?.pause();
    playAt(0);
  };

  useEffect(() => release, []);

  return (
    <PlayerContext.Provider value={{ play, now }}>
      {children}
      <section class="player" aria-label="Audio player" data-state={now?.state || 'idle'} data-clip={now?.key || ''}>
        <p class="player-label" aria-live="polite">
          {now ? `${now.state === 'playing' ? 'Playing' : now.state === 'ended' ? 'Played' : now.state === 'error'
            ? 'Could not play' : 'Loading'} ${now.label}${now.total > 1 ? ` (${now.index + 1} of ${now.total})` : ''}`
            : 'Nothing playing'}
          {now?.error ? `: ${now.error}` : ''}
        </p>
        <audio ref={audio} controls aria-label="Clip"
          onPlaying={() => setNow(n => n && { ...n, state: 'playing' })}
          onEnded={() => playAt(position.current + 1)} />
      </section>
    </PlayerContext.Provider>
  );
}

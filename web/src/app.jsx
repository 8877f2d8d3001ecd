import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import * as api from './api.js';
import { formatSeconds, PlayerProvider, usePlayer } from './player.jsx';

const path = personaId => `/personas/${encodeURIComponent(personaId)}`;

export function App() {
  const [session, setSession] = useState(api.loadSession);
  useEffect(() => {
    const out = () => setSession(null);
    window.addEventListener('persona-logged-out', out);
    return () => window.removeEventListener('persona-logged-out', out);
  }, []);
  const logout = () => {
    api.logout();
    setSession(null);
  };
  return (
    <PlayerProvider>
      <header class="top">
        <h1 class="brand"><img src="/icon.svg" alt="" width="28" height="28" /> Persona</h1>
        {session && (
          <div class="who">
            <span class="email">{session.email}</span>
            <button type="button" class="quiet" onClick={logout}>Log out</button>
          </div>
        )}
      </header>
      <main>{session ? <Workspace /> : <Auth onSession={setSession} />}</main>
    </PlayerProvider>
  );
}

function ErrorNote({ error }) {
  return error ? <p class="error" role="alert">{error}</p> : null;
}

function Auth({ onSession }) {
  const [mode, setMode] = useState('login');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async e => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const email = form.get('email').trim();
      const password = form.get('password');
      onSession(mode === 'signup' ? await api.signup(email, password) : await api.login(email, password));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const signup = mode === 'signup';
  return (
    <section class="card auth" aria-labelledby="auth-title">
      <h2 id="auth-title">{signup ? 'Create an account' : 'Log in'}</h2>
      <form onSubmit={submit}>
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" minlength={signup ? 12 : undefined}
          autocomplete={signup ? 'new-password' : 'current-password'} required />
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>{signup ? 'Sign up' : 'Log in'}</button>
      </form>
      <p>
        {signup ? 'Already have an account? ' : 'New here? '}
        <button type="button" class="link" onClick={() => { setMode(signup ? 'login' : 'signup'); setError(null); }}>
          {signup ? 'Log in' : 'Create an account'}
        </button>
      </p>
    </section>
  );
}

function Workspace() {
  const [personas, setPersonas] = useState(null);
  const [selected, setSelected] = useState(null);
  const [error, setError] = useState(null);
  const reload = useCallback(async () => {
    try {
      const list = await api.getJson('/personas');
      setPersonas(list);
      setSelected(s => (s && list.some(p => p.id === s) ? s : list[0]?.id ?? null));
    } catch (e) {
      setError(e.message);
    }
  }, []);
  useEffect(() => { reload(); }, [reload]);
  const [transcript, setTranscript] = useState(null);
  useEffect(() => {
    const open = e => setTranscript(e.detail);
    window.addEventListener('persona-show-transcript', open);
    return () => window.removeEventListener('persona-show-transcript', open);
  }, []);
  const persona = personas?.find(p => p.id === selected);
  return (
    <div class="workspace">
      <div class="column">
        <Personas personas={personas} selected={selected} onSelect={setSelected} onChanged={async id => {
          await reload();
          if (id) setSelected(id);
        }} />
        <ErrorNote error={error} />
        {persona && <Sources key={persona.id} persona={persona} />}
      </div>
      <div class="column wide">
        {persona ? <Conversation key={persona.id} persona={persona} />
          : personas && <p class="card hint">Create a persona to start: give them a name, then add their recordings and writing.</p>}
        {transcript && transcript.personaId === persona?.id
          && <Transcript target={transcript} onClose={() => setTranscript(null)} />}
      </div>
    </div>
  );
}

function Personas({ personas, selected, onSelect, onChanged }) {
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(null);
  const save = async e => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setError(null);
    try {
      await api.sendJson('PATCH', path(editing), {
        name: data.get('name').trim(), description: data.get('description').trim() });
      setEditing(null);
      onChanged(editing);
    } catch (err) {
      setError(err.message);
    }
  };
  const create = async e => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setError(null);
    try {
      const body = { name: data.get('name').trim() };
      if (data.get('description').trim()) body.description = data.get('description').trim();
      const created = await api.sendJson('POST', '/personas', body);
      form.reset();
      onChanged(created.id);
    } catch (err) {
      setError(err.message);
    }
  };
  const remove = async persona => {
    if (!confirm(`Delete ${persona.name} with all their recordings, documents and chats?`)) return;
    try {
      await api.sendJson('DELETE', path(persona.id));
      onChanged(null);
    } catch (err) {
      setError(err.message);
    }
  };
  return (
    <section class="card" aria-labelledby="personas-title">
      <h2 id="personas-title">Personas</h2>
      {personas?.length ? (
        <ul class="personas">
          {personas.map(p => (editing === p.id ? (
            <li key={p.id}>
              <form class="edit" onSubmit={save} aria-label={`Edit ${p.name}`}>
                <label for="edit-name">Name</label>
                <input id="edit-name" name="name" required maxlength={100} value={p.name} />
                <label for="edit-description">Description</label>
                <input id="edit-description" name="description" maxlength={2000} value={p.description || ''} />
                <div class="actions">
                  <button type="button" class="quiet" onClick={() => setEditing(null)}>Cancel</button>
                  <button type="submit">Save</button>
                </div>
              </form>
            </li>
          ) : (
            <li key={p.id}>
              <button type="button" class={p.id === selected ? 'persona current' : 'persona'}
                aria-pressed={p.id === selected} onClick={() => onSelect(p.id)}>
                <strong>{p.name}</strong>{p.description && <span>{p.description}</span>}
              </button>
              <button type="button" class="quiet icon" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p.id)}>✎</button>
              <button type="button" class="quiet icon" aria-label={`Delete ${p.name}`} onClick={() => remove(p)}>✕</button>
            </li>
          )))}
        </ul>
      ) : personas && <p class="hint">No personas yet.</p>}
      <form class="create" onSubmit={create} aria-label="New persona">
        <label for="persona-name">Name</label>
        <input id="persona-name" name="name" required maxlength={100} />
        <label for="persona-description">Description <span class="optional">(optional)</span></label>
        <input id="persona-description" name="description" maxlength={2000} />
        <ErrorNote error={error} />
        <button type="submit">Create persona</button>
      </form>
    </section>
  );
}

const STAGE_LABELS = {
  uploading: 'Uploading', uploaded: 'Uploaded', transcribing: 'Transcribing', transcribed: 'Transcribed',
  embedding: 'Indexing', ready: 'Ready', failed: 'Failed',
};

function Sources({ persona }) {
  const [sources, setSources] = useState([]);
  const [uploads, setUploads] = useState([]);
  const [error, setError] = useState(null);
  const reload = useCallback(async () => {
    try {
      const [recordings, documents] = await Promise.all([
        api.getJson(`${path(persona.id)}/recordings`), api.getJson(`${path(persona.id)}/documents`)]);
      setSources([...recordings.map(r => ({ ...r, kind: 'recording', id: r.recordingId })),
        ...documents.map(d => ({ ...d, kind: 'document', id: d.documentId }))]);
    } catch (e) {
      setError(e.message);
    }
  }, [persona.id]);
  useEffect(() => { reload(); }, [reload]);
  const update = (key, change) => setUploads(list => list.map(u => (u.key === key ? { ...u, ...change } : u)));
  const send = async file => {
    const key = `${file.name}-${Date.now()}-${Math.random()}`;
    setUploads(list => [...list, { key, name: file.name, stage: 'uploading', progress: 0 }]);
    try {
      const accepted = await api.upload(persona.id, file, share => update(key, { progress: share }));
      update(key, { stage: 'uploaded', progress: 0 });
      reload();
      const last = await api.followJob(persona.id, accepted.jobId,
        job => update(key, { stage: job.stage, progress: job.progress, error: job.error }));
      if (last?.stage !== 'ready' && last?.stage !== 'failed') {
        update(key, { stage: 'failed', error: 'The job\u2019s event stream ended early; reload to see its state.' });
      }
    } catch (e) {
      update(key, { stage: 'failed', error: e.message });
    }
    reload();
  };
  const choose = e => {
    [...e.currentTarget.files].forEach(send);
    e.currentTarget.value = '';
  };

  return (
    <section class="card" aria-labelledby="sources-title">
      <h2 id="sources-title">{persona.name}’s recordings and writing</h2>
      <label class="upload" for="upload">Add recordings or documents
        <span class="hint">Audio (wav, mp3, ogg, m4a, webm), PDF, Word, e-mail, text</span>
      </label>
      <input id="upload" type="file" multiple
        accept="audio/*,.wav,.mp3,.ogg,.m4a,.webm,.pdf,.docx,.eml,.msg,.txt,.md" onChange={choose} />
      {uploads.length > 0 && (
        <ul class="uploads" aria-label="Uploads">
          {uploads.map(u => (
            <li key={u.key} data-stage={u.stage}>
              <span class="file">{u.name}</span>
              <span class="stage">{STAGE_LABELS[u.stage] || u.stage}{u.stage === 'uploading' ? ` ${Math.round(u.progress * 100)} %` : ''}</span>
              <progress max="1" value={u.stage === 'ready' ? 1 : u.progress || 0}
                aria-label={`${u.name}: ${STAGE_LABELS[u.stage] || u.stage}`} />
              {u.error && <span class="error">{u.error}</span>}
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={error} />
      {sources.length > 0 ? (
        <ul class="sources">
          {sources.map(s => (
            <li key={s.id}>
              <span class="file">{s.fileName}</span>
              <span class={`status ${(s.status || '').toLowerCase()}`}>{(s.status || '').toLowerCase()}</span>
              <button type="button" class="quiet" aria-label={`Show the text of ${s.fileName}`}
                onClick={() => showTranscript({ personaId: persona.id, sourceId: s.id, kind: s.kind, sourceName: s.fileName })}>
                Text
              </button>
            </li>
          ))}
        </ul>
      ) : <p class="hint">Nothing uploaded yet.</p>}
    </section>
  );
}

/** Opens a source's text beside the conversation, the cited sentence marked when {@code cited} is given. */
const showTranscript = detail => window.dispatchEvent(new CustomEvent('persona-show-transcript', { detail }));

const overlaps = (segment, cited) => cited?.startSec != null && segment.startSec != null
  && segment.startSec < cited.endSec - 0.01 && segment.endSec > cited.startSec + 0.01;

const sameText = (segment, cited) => cited?.text && (segment.text.includes(cited.text) || cited.text.includes(segment.text));

/** A recording's timed transcript or a document's text, with the cited sentence marked and scrolled to. */
function Transcript({ target, onClose }) {
  const [transcript, setTranscript] = useState(null);
  const [error, setError] = useState(null);
  const marked = useRef(null);
  const player = usePlayer();
  useEffect(() => {
    setTranscript(null);
    setError(null);
    const kind = target.kind === 'document' ? 'documents' : 'recordings';
    api.getJson(`${path(target.personaId)}/${kind}/${encodeURIComponent(target.sourceId)}/transcript`)
      .then(setTranscript, e => setError(e.status === 404 ? 'No text yet: it is still being processed.' : e.message));
  }, [target.personaId, target.sourceId, target.kind]);
  const panel = useRef(null);
  useEffect(() => {
    (marked.current || panel.current)?.scrollIntoView({ block: marked.current ? 'center' : 'start' });
  }, [transcript, target.cited]);
  const cited = target.cited;
  const isCited = s => (target.kind === 'document' ? sameText(s, cited) && (cited.page == null || s.page == null || s.page === cited.page)
    : overlaps(s, cited));
  let first = true;
  return (
    <section class="card transcript" ref={panel} aria-label={`Text of ${target.sourceName}`}>
      <header>
        <h3>{target.sourceName}</h3>
        <button type="button" class="quiet" onClick={onClose} aria-label="Close the text">Close</button>
      </header>
      <ErrorNote error={error} />
      {transcript && (
        <ol>
          {transcript.segments.map((s, i) => {
            const hit = isCited(s);
            const ref = hit && first ? marked : undefined;
            if (hit) first = false;
            return (
              <li key={i} ref={ref} class={hit ? 'cited' : ''} aria-current={hit ? 'true' : undefined}>
                {s.startSec != null ? (
                  <button type="button" class="time" aria-label={`Play from ${formatSeconds(s.startSec)}`}
                    onClick={() => player.play([{ personaId: target.personaId, recordingId: target.sourceId,
                      startSec: s.startSec, endSec: s.endSec, key: `${target.sourceId}@${s.startSec}`,
                      label: `${target.sourceName} ${formatSeconds(s.startSec)}` }])}>
                    {formatSeconds(s.startSec)}
                  </button>
                ) : s.page != null && <span class="time">p. {s.page}</span>}
                {hit ? <mark>{s.text}</mark> : <span>{s.text}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

const clipOf = (personaId, c) => ({
  personaId, recordingId: c.sourceId, startSec: c.startSec, endSec: c.endSec,
  key: `${c.sourceId}@${c.startSec}`, label: `${c.sourceName} ${formatSeconds(c.startSec)}`,
});

function Conversation({ persona }) {
  const [messages, setMessages] = useState([]);
  const [sessionId, setSessionId] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const input = useRef(null);
  const askByVoice = async audio => {
    setBusy(true);
    setError(null);
    setMessages(list => [...list, { role: 'you', text: '…', spoken: true }, { role: 'persona', text: '', streaming: true }]);
    try {
      const reply = await api.voiceChat(persona.id, audio, sessionId);
      setSessionId(reply.sessionId);
      setMessages(list => [...list.slice(0, -2), { role: 'you', text: reply.transcription, spoken: true },
        { role: 'persona', text: reply.answer, citations: reply.citations, audioUrl: reply.audioUrl, streaming: false }]);
    } catch (err) {
      setMessages(list => list.slice(0, -2));
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const ask = async e => {
    e.preventDefault();
    const question = input.current.value.trim();
    if (!question || busy) return;
    input.current.value = '';
    setBusy(true);
    setError(null);
    setMessages(list => [...list, { role: 'you', text: question }, { role: 'persona', text: '', streaming: true }]);
    const patchLast = change => setMessages(list => [...list.slice(0, -1), { ...list[list.length - 1], ...change }]);
    try {
      const reply = await api.askStreaming(persona.id, question, sessionId, text => patchLast({ text }));
      setSessionId(reply.sessionId);
      patchLast({ text: reply.answer, citations: reply.citations, audioUrl: reply.audioUrl, streaming: false });
    } catch (err) {
      setMessages(list => list.slice(0, -1));
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card chat" aria-labelledby="chat-title">
      <h2 id="chat-title">Talk with {persona.name}</h2>
      <ol class="messages" aria-label="Conversation">
        {messages.map((m, i) => <Message key={i} message={m} persona={persona} />)}
      </ol>
      {messages.length === 0 && <p class="hint">Ask about something {persona.name} said or wrote. Answers cite where they come from.</p>}
      <ErrorNote error={error} />
      <form class="ask" onSubmit={ask}>
        <label for="question">Your question</label>
        <textarea id="question" ref={input} rows={2} maxlength={4000} required
          onKeyDown={e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); e.currentTarget.form.requestSubmit(); } }} />
        <div class="actions">
          <RecordButton disabled={busy} onRecorded={askByVoice} onError={setError} />
          <button type="submit" disabled={busy}>{busy ? 'Answering…' : 'Ask'}</button>
        </div>
      </form>
    </section>
  );
}

/**
 * Records a spoken question with the browser's microphone (MediaRecorder: webm/opus in Chromium and Firefox, mp4 in
 * Safari) and hands the audio on when the user stops. Disabled, saying why, where the browser cannot record.
 */
function RecordButton({ disabled, onRecorded, onError }) {
  const [recorder, setRecorder] = useState(null);
  const supported = typeof window !== 'undefined' && window.MediaRecorder && navigator.mediaDevices?.getUserMedia;
  if (!supported) {
    return <button type="button" class="quiet" disabled aria-label="Record your question (this browser cannot record)"
      title="This browser cannot record audio">Record question</button>;
  }
  const start = async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const r = new MediaRecorder(stream);
      const parts = [];
      r.ondataavailable = e => e.data.size > 0 && parts.push(e.data);
      r.onstop = () => {
        stream.getTracks().forEach(t => t.stop());
        setRecorder(null);
        onRecorded(new Blob(parts, { type: r.mimeType || 'audio/webm' }));
      };
      r.start();
      setRecorder(r);
    } catch (err) {
      onError(`The microphone could not be used: ${err.message}`);
    }
  };
  return recorder
    ? <button type="button" class="recording" onClick={() => recorder.stop()} aria-pressed="true"
        aria-label="Stop recording and ask">■ Stop and ask</button>
    : <button type="button" class="quiet record" onClick={start} disabled={disabled} aria-pressed="false"
        aria-label="Record your question">● Record question</button>;
}

function Message({ message, persona }) {
  const player = usePlayer();
  if (message.role === 'you') {
    return (
      <li class="message you"><span class="sr-only">You{message.spoken ? ' (spoken)' : ''}: </span>
        {message.spoken && <span class="tag" aria-hidden="true">spoken</span>}{message.text}</li>
    );
  }
  const citations = message.citations || [];
  const clips = citations.filter(c => c.startSec != null).map(c => clipOf(persona.id, c));
  const show = c => showTranscript({ personaId: persona.id, sourceId: c.sourceId, kind: c.kind,
    sourceName: c.sourceName, cited: c });
  return (
    <li class="message persona" aria-busy={message.streaming ? 'true' : 'false'}>
      <span class="sr-only">{persona.name}: </span>
      <p class="answer" aria-live={message.streaming ? 'polite' : 'off'}>{message.text || '…'}</p>
      {!message.streaming && message.audioUrl && (
        <button type="button" class="play-answer"
          onClick={() => player.play([{ audioPath: message.audioUrl, key: message.audioUrl, label: 'the answer' }])}
          aria-label={`Play the answer in ${persona.name}’s voice: their own recorded sentences, synthesised speech for the rest`}>
          ▶ Play answer
        </button>
      )}
      {!message.streaming && !message.audioUrl && clips.length > 0 && (
        <button type="button" class="play-answer" onClick={() => player.play(clips)}
          aria-label={`Play the answer: the ${clips.length} cited clip${clips.length > 1 ? 's' : ''} in ${persona.name}’s own voice`}>
          ▶ Play answer
        </button>
      )}
      {!message.streaming && !message.audioUrl && clips.length === 0 && message.text && 'speechSynthesis' in window && (
        <button type="button" class="play-answer" aria-label="Read the answer aloud in your browser’s voice"
          onClick={() => { speechSynthesis.cancel(); speechSynthesis.speak(new SpeechSynthesisUtterance(message.text)); }}>
          Read aloud
        </button>
      )}
      {citations.length > 0 && (
        <ol class="citations" aria-label="Sources">
          {citations.map((c, i) => (
            <li key={i} class="citation">
              <q>{c.text}</q>
              <span class="where">{c.sourceName}{c.startSec != null ? ` ${formatSeconds(c.startSec)}–${formatSeconds(c.endSec)}`
                : c.page != null ? `, page ${c.page}` : ''}</span>
              <span class="citation-actions">
                {c.startSec != null && (
                  <button type="button" class="quiet play-clip" onClick={() => player.play([clipOf(persona.id, c)])}
                    aria-label={`Play the clip ${c.sourceName} ${formatSeconds(c.startSec)} to ${formatSeconds(c.endSec)}`}>
                    ▶ Play clip
                  </button>
                )}
                <button type="button" class="quiet" onClick={() => show(c)}
                  aria-label={`Show ${c.sourceName} with this sentence highlighted`}>Show in text</button>
              </span>
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

/* The compiled featurizer behind service.scoring.features.FeatureSpace.
 *
 * One call turns a batch of gated-in conversations into the model's inputs: it walks the
 * Conversation objects, tokenises ASCII messages itself (non-ASCII ones are normalised by
 * a Python callback, the reference code path), maps tokens to ids through a hash table,
 * finds indicator cues, counts n-grams per participant and computes the dense features.
 * Only np.log1p of some dense columns is left to numpy (see features.py), so that the
 * values stay bit-identical to the numpy reference in training/reference_features.py.
 *
 * Message text is only read in place; nothing here keeps, logs or copies it beyond one
 * token being built in a scratch buffer that is freed (or reused) at the end of the call.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define N_IND 11      /* len(RiskIndicator) */
#define N_SIGN 10     /* len(SENDER_INDICATORS): indicators 0..9 */
#define N_STAGES 4    /* len(STAGES) */
#define DISCLOSED 10  /* RiskIndicator.SELF_DISCLOSED_MINOR */
#define N_DENSE 55    /* len(DENSE_FEATURES) */
#define UNK 1
#define ADULT_AGE 18.0
#define SESSION_GAP_S (6 * 3600.0)

/* ---- growable buffers ------------------------------------------------------------ */

typedef struct { void *data; size_t len, cap, item; } Vec;

static int vec_reserve(Vec *v, size_t n) {
    if (v->len + n <= v->cap) return 0;
    size_t cap = v->cap ? v->cap : 64;
    while (cap < v->len + n) cap *= 2;
    void *p = PyMem_Realloc(v->data, cap * v->item);
    if (!p) { PyErr_NoMemory(); return -1; }
    v->data = p; v->cap = cap;
    return 0;
}
#define VEC(type) {NULL, 0, 0, sizeof(type)}
#define AT(v, type) ((type *)(v).data)
#define PUSH(v, type, x) \
    (((v).len < (v).cap || vec_reserve(&(v), 1) == 0) ? (AT(v, type)[(v).len++] = (x), 0) : -1)
static void vec_free(Vec *v) { PyMem_Free(v->data); v->data = NULL; v->len = v->cap = 0; }

/* ---- u64 -> i64 hash map (keys stored + 1, 0 = empty) ---------------------------- */

typedef struct { uint64_t *keys; int64_t *vals; size_t mask; } Map;

static inline uint64_t mix64(uint64_t x) {
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL; x ^= x >> 33;
    return x;
}

static int map_init(Map *m, const int64_t *keys, const int64_t *vals, size_t n) {
    size_t size = 16;
    while (size < 2 * n + 1) size *= 2;
    m->keys = PyMem_Calloc(size, sizeof(uint64_t));
    m->vals = PyMem_Calloc(size, sizeof(int64_t));
    if (!m->keys || !m->vals) { PyErr_NoMemory(); return -1; }
    m->mask = size - 1;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = (uint64_t)keys[i] + 1;
        size_t at = mix64(k) & m->mask;
        while (m->keys[at] && m->keys[at] != k) at = (at + 1) & m->mask;
        m->keys[at] = k;
        m->vals[at] = vals[i];
    }
    return 0;
}

static inline int64_t map_get(const Map *m, int64_t key) {
    uint64_t k = (uint64_t)key + 1;
    size_t at = mix64(k) & m->mask;
    for (;;) {
        uint64_t got = m->keys[at];
        if (got == k) return m->vals[at];
        if (!got) return -1;
        at = (at + 1) & m->mask;
    }
}

static void map_free(Map *m) { PyMem_Free(m->keys); PyMem_Free(m->vals); }

/* ---- token string -> id table ---------------------------------------------------- */

typedef struct { uint64_t hash; size_t off; size_t len; int64_t id; } Tok;

/* Working memory of one featurize call, kept in the Space between calls so a warm server
 * does no allocation. A call that finds it in use (another thread entered while this
 * one was in a Python callback) makes its own. */
enum { V_PEOPLE, V_IDS, V_BUF, V_MSG_TOK, V_OWNER, V_TIMES, V_ASK, V_CONV_START,
       V_CONV_PEOPLE, V_G_SENDER, V_G_PARTNER, V_G_CONV, V_GROUP, V_POOL, V_MASK, V_SESSIONS,
       V_SPAN, N_VECS };
typedef struct {
    Vec v[N_VECS];
    int32_t *count;   /* [n_features] n-gram counts of one participant, all zero between uses */
    uint64_t *seen;   /* [n_features / 64 + 1] bitmap of the feature ids counted */
} Scratch;

static inline uint64_t fnv_step(uint64_t h, unsigned char c) { return (h ^ c) * 0x100000001b3ULL; }
#define FNV_START 0xcbf29ce484222325ULL

typedef struct {
    int64_t n_tokens, n_sender, n_partner;
    Tok *tok; size_t tok_mask; char *pool;
    int64_t *cue_uni;            /* [n_tokens] indicator bit mask of unigram cues */
    Map cue2, cue3;              /* bigram / trigram cue keys -> mask */
    int64_t *s_uni, *p_uni;      /* [n_tokens] feature id of each unigram, -1 if none */
    Map s_bi, p_bi;              /* bigram key -> feature id */
    int stage_of[N_SIGN];
    Scratch scratch;
    int busy;                    /* the scratch is in use (re-entrant call) */
    PyObject *normalize;         /* text -> space-joined reference tokens (non-ASCII) */
    PyObject *source_code;       /* dict AgeSource -> int code */
    unsigned char *inert;        /* bitmap of non-ASCII code points that are plain separators */
} Space;

static int scratch_init(Scratch *w, int64_t n_features) {
    memset(w, 0, sizeof *w);
    w->count = PyMem_Calloc((size_t)n_features + 1, sizeof(int32_t));
    w->seen = PyMem_Calloc((size_t)n_features / 64 + 2, sizeof(uint64_t));
    if (!w->count || !w->seen) { PyErr_NoMemory(); return -1; }
    return 0;
}

static void scratch_free(Scratch *w) {
    for (int i = 0; i < N_VECS; i++) vec_free(&w->v[i]);
    PyMem_Free(w->count); PyMem_Free(w->seen);
    w->count = NULL; w->seen = NULL;
}

static void space_free(Space *s) {
    if (!s) return;
    PyMem_Free(s->tok); PyMem_Free(s->pool); PyMem_Free(s->cue_uni);
    map_free(&s->cue2); map_free(&s->cue3);
    PyMem_Free(s->s_uni); PyMem_Free(s->p_uni);
    map_free(&s->s_bi); map_free(&s->p_bi);
    scratch_free(&s->scratch);
    PyMem_Free(s->inert);
    Py_XDECREF(s->normalize); Py_XDECREF(s->source_code);
    PyMem_Free(s);
}

static void capsule_free(PyObject *cap) {
    space_free((Space *)PyCapsule_GetPointer(cap, "grooming_risk.Space"));
}

static inline int64_t tok_get(const Space *s, const char *p, size_t len, uint64_t h) {
    size_t at = h & s->tok_mask;
    for (;;) {
        const Tok *t = &s->tok[at];
        if (t->id < 0) return UNK;
        if (t->hash == h && t->len == len && memcmp(s->pool + t->off, p, len) == 0) return t->id;
        at = (at + 1) & s->tok_mask;
    }
}

/* Copy an int64 buffer-protocol object of exactly n items (n < 0: any length). */
static int64_t *copy_i64(PyObject *obj, Py_ssize_t *n) {
    Py_buffer view;
    if (PyObject_GetBuffer(obj, &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return NULL;
    if (view.itemsize != 8 || !view.format || (strcmp(view.format, "l") && strcmp(view.format, "q"))) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_TypeError, "expected a contiguous int64 array");
        return NULL;
    }
    Py_ssize_t items = view.len / 8;
    if (*n >= 0 && items != *n) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "int64 array has the wrong length");
        return NULL;
    }
    int64_t *out = PyMem_Malloc((size_t)(items ? items : 1) * 8);
    if (!out) { PyBuffer_Release(&view); PyErr_NoMemory(); return NULL; }
    memcpy(out, view.buf, (size_t)items * 8);
    PyBuffer_Release(&view);
    *n = items;
    return out;
}

static int map_from(Map *m, PyObject *keys, PyObject *vals) {
    Py_ssize_t nk = -1, nv;
    int64_t *k = copy_i64(keys, &nk);
    if (!k) return -1;
    nv = nk;
    int64_t *v = copy_i64(vals, &nv);
    if (!v) { PyMem_Free(k); return -1; }
    int rc = map_init(m, k, v, (size_t)nk);
    PyMem_Free(k); PyMem_Free(v);
    return rc;
}

/* build_space(token_ids: dict[bytes, int], n_tokens, cue_uni, cue2_keys, cue2_masks,
 *             cue3_keys, cue3_masks, s_uni, s_bi_keys, s_bi_ids, p_uni, p_bi_keys,
 *             p_bi_ids, n_sender, n_partner, stage_of: bytes(10), normalize, source_code,
 *             inert: bytes(0x110000 / 8)) */
static PyObject *build_space(PyObject *self, PyObject *args) {
    PyObject *token_ids, *cue_uni, *c2k, *c2m, *c3k, *c3m, *s_uni, *sbk, *sbi, *p_uni, *pbk,
        *pbi, *normalize, *source_code;
    Py_ssize_t n_tokens, n_sender, n_partner;
    const char *stage_of, *inert; Py_ssize_t n_stage, n_inert;
    if (!PyArg_ParseTuple(args, "O!nOOOOOOOOOOOnny#OO!y#", &PyDict_Type, &token_ids, &n_tokens,
                          &cue_uni, &c2k, &c2m, &c3k, &c3m, &s_uni, &sbk, &sbi, &p_uni, &pbk,
                          &pbi, &n_sender, &n_partner, &stage_of, &n_stage, &normalize,
                          &PyDict_Type, &source_code, &inert, &n_inert))
        return NULL;
    if (n_stage != N_SIGN || n_inert != 0x110000 / 8 || n_tokens < 2 || n_sender < 0 ||
        n_partner < 0) {
        PyErr_SetString(PyExc_ValueError, "bad feature space dimensions");
        return NULL;
    }
    Space *s = PyMem_Calloc(1, sizeof(Space));
    if (!s) return PyErr_NoMemory();
    s->n_tokens = n_tokens; s->n_sender = n_sender; s->n_partner = n_partner;
    for (int i = 0; i < N_SIGN; i++) s->stage_of[i] = stage_of[i];
    Py_INCREF(normalize); s->normalize = normalize;
    Py_INCREF(source_code); s->source_code = source_code;
    s->inert = PyMem_Malloc((size_t)n_inert);
    if (!s->inert) { PyMem_Free(s); return PyErr_NoMemory(); }
    memcpy(s->inert, inert, (size_t)n_inert);

    /* token table */
    Py_ssize_t n = PyDict_Size(token_ids), pool_len = 0, pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(token_ids, &pos, &key, &value)) {
        if (!PyBytes_Check(key)) { PyErr_SetString(PyExc_TypeError, "token keys are bytes"); goto fail; }
        pool_len += PyBytes_GET_SIZE(key);
    }
    size_t size = 16;
    while (size < 2 * (size_t)n + 1) size *= 2;
    s->tok = PyMem_Malloc(size * sizeof(Tok));
    s->pool = PyMem_Malloc((size_t)pool_len + 1);
    if (!s->tok || !s->pool) { PyErr_NoMemory(); goto fail; }
    for (size_t i = 0; i < size; i++) s->tok[i].id = -1;
    s->tok_mask = size - 1;
    size_t off = 0;
    pos = 0;
    while (PyDict_Next(token_ids, &pos, &key, &value)) {
        const char *p = PyBytes_AS_STRING(key);
        size_t len = (size_t)PyBytes_GET_SIZE(key);
        int64_t id = PyLong_AsLongLong(value);
        if (id == -1 && PyErr_Occurred()) goto fail;
        if (id < 0 || id >= n_tokens) { PyErr_SetString(PyExc_ValueError, "token id out of range"); goto fail; }
        uint64_t h = FNV_START;
        for (size_t k = 0; k < len; k++) h = fnv_step(h, (unsigned char)p[k]);
        memcpy(s->pool + off, p, len);
        size_t at = h & s->tok_mask;
        while (s->tok[at].id >= 0) at = (at + 1) & s->tok_mask;
        s->tok[at] = (Tok){h, off, len, id};
        off += len;
    }
    Py_ssize_t want = n_tokens;
    if (!(s->cue_uni = copy_i64(cue_uni, &want))) goto fail;
    want = n_tokens;
    if (!(s->s_uni = copy_i64(s_uni, &want))) goto fail;
    want = n_tokens;
    if (!(s->p_uni = copy_i64(p_uni, &want))) goto fail;
    if (map_from(&s->cue2, c2k, c2m) || map_from(&s->cue3, c3k, c3m) ||
        map_from(&s->s_bi, sbk, sbi) || map_from(&s->p_bi, pbk, pbi))
        goto fail;
    if (scratch_init(&s->scratch, n_sender + n_partner) < 0) goto fail;
    PyObject *cap = PyCapsule_New(s, "grooming_risk.Space", capsule_free);
    if (!cap) goto fail;
    return cap;
fail:
    space_free(s);
    return NULL;
}

/* ---- tokenising ------------------------------------------------------------------ */

/* ASCII byte classes: 0 separator, 1 word byte (lower-cased), 2 dropped (apostrophe). */
static unsigned char ascii_class[256];
static unsigned char ascii_lower[256];

static void init_tables(void) {
    for (int c = 0; c < 256; c++) {
        ascii_lower[c] = (unsigned char)c;
        ascii_class[c] = 0;
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) ascii_class[c] = 1;
        if (c >= 'A' && c <= 'Z') { ascii_class[c] = 1; ascii_lower[c] = (unsigned char)(c + 32); }
        if (c == '\'') ascii_class[c] = 2;
    }
}

/* Tokens of an ASCII message: lower-case, drop apostrophes, split on anything not [a-z0-9].
 * Same as features.raw_tokens for ASCII text. */
static int tokenize_ascii(const Space *s, const unsigned char *p, Py_ssize_t n, Vec *ids,
                          Vec *buf) {
    if (vec_reserve(buf, (size_t)n + 1) < 0) return -1;
    char *b = AT(*buf, char);
    size_t len = 0;
    uint64_t h = FNV_START;
    for (Py_ssize_t i = 0; i <= n; i++) {
        unsigned char c = i < n ? p[i] : ' ';
        unsigned char cls = ascii_class[c];
        if (cls == 1) {
            c = ascii_lower[c];
            b[len++] = (char)c;
            h = fnv_step(h, c);
        } else if (cls == 0 && len) {
            if (PUSH(*ids, int64_t, tok_get(s, b, len, h)) < 0) return -1;
            len = 0;
            h = FNV_START;
        }
    }
    return 0;
}

/* A non-ASCII message whose non-ASCII characters are all inert separators (emoji,
 * punctuation: see features.inert_separators) tokenises like ASCII text with each of them
 * read as a space. Returns 1 if done, 0 if the message needs the reference path. */
static int tokenize_inert(const Space *s, PyObject *text, Vec *ids, Vec *buf) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 cp = PyUnicode_READ(kind, data, i);
        if (cp >= 128 && !(s->inert[cp >> 3] >> (cp & 7) & 1)) return 0;
    }
    if (vec_reserve(buf, (size_t)n + 1) < 0) return -1;
    char *b = AT(*buf, char);
    size_t len = 0;
    uint64_t h = FNV_START;
    for (Py_ssize_t i = 0; i <= n; i++) {
        Py_UCS4 cp = i < n ? PyUnicode_READ(kind, data, i) : ' ';
        unsigned char cls = cp < 128 ? ascii_class[cp] : 0;
        if (cls == 1) {
            unsigned char c = ascii_lower[cp];
            b[len++] = (char)c;
            h = fnv_step(h, c);
        } else if (cls == 0 && len) {
            if (PUSH(*ids, int64_t, tok_get(s, b, len, h)) < 0) return -1;
            len = 0;
            h = FNV_START;
        }
    }
    return 1;
}

/* Tokens already cut by the reference code path, joined by single spaces (UTF-8). */
static int tokenize_joined(const Space *s, const char *p, Py_ssize_t n, Vec *ids) {
    Py_ssize_t start = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        if (i == n || p[i] == ' ') {
            if (i > start) {
                uint64_t h = FNV_START;
                for (Py_ssize_t k = start; k < i; k++) h = fnv_step(h, (unsigned char)p[k]);
                if (PUSH(*ids, int64_t, tok_get(s, p + start, (size_t)(i - start), h)) < 0)
                    return -1;
            }
            start = i + 1;
        }
    }
    return 0;
}

/* numpy's float floor division and remainder (npy_divmod), so hours match exactly. */
static double np_floor_divide(double a, double b, double *modulo) {
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    if (mod) {
        if ((b < 0) != (mod < 0)) { mod += b; div -= 1.0; }
    } else {
        mod = copysign(0.0, b);
    }
    double floordiv;
    if (div) {
        floordiv = floor(div);
        if (div - floordiv > 0.5) floordiv += 1.0;
    } else {
        floordiv = copysign(0.0, a / b);
    }
    if (modulo) *modulo = mod;
    return floordiv;
}

/* ---- featurize ------------------------------------------------------------------- */

typedef struct {
    double age;       /* -1 when unknown */
    int source;       /* AgeSource code */
    Py_ssize_t conv;
    double n_msgs, n_late, questions, sign_sessions;
    int64_t n_ind[N_IND];
    int64_t first_msg[N_IND];
    int64_t last_sign;
    int64_t last_session;
    double first_pos;
    int role;         /* bit 0 sender of a pair, bit 1 partner of a pair */
    Py_ssize_t block[2], block_len[2];  /* (fid, count) blocks in the pool, per role */
} Person;

static PyObject *get_seq(PyObject *obj, PyObject *name) {
    PyObject *v = PyObject_GetAttr(obj, name);
    if (!v) return NULL;
    PyObject *seq = PySequence_Fast(v, "expected a sequence");
    Py_DECREF(v);
    return seq;
}

static PyObject *s_participants, *s_messages;

/* Item k of a record (Participant and Message are named tuples): new reference. */
static inline PyObject *field(PyObject *record, Py_ssize_t k) {
    if (PyTuple_Check(record) && k < PyTuple_GET_SIZE(record)) {
        PyObject *v = PyTuple_GET_ITEM(record, k);
        Py_INCREF(v);
        return v;
    }
    return PySequence_GetItem(record, k);
}

static PyObject *featurize(PyObject *self, PyObject *args) {
    PyObject *cap, *convs_in, *pairs_in;
    if (!PyArg_ParseTuple(args, "OOO", &cap, &convs_in, &pairs_in)) return NULL;
    Space *s = PyCapsule_GetPointer(cap, "grooming_risk.Space");
    if (!s) return NULL;
    PyObject *convs = PySequence_Fast(convs_in, "conversations must be a sequence");
    if (!convs) return NULL;
    PyObject *pairs_seq = PySequence_Fast(pairs_in, "pairs must be a sequence");
    if (!pairs_seq) { Py_DECREF(convs); return NULL; }
    Py_ssize_t n_convs = PySequence_Fast_GET_SIZE(convs);
    PyObject *result = NULL, *local = NULL;
    Scratch own, *S = &s->scratch;
    int shared = !s->busy;
    if (shared) {
        s->busy = 1;
    } else if (scratch_init(&own, s->n_sender + s->n_partner) < 0) {
        Py_DECREF(convs); Py_DECREF(pairs_seq);
        return NULL;
    } else {
        S = &own;
    }
    static const size_t item[N_VECS] = {
        sizeof(Person), sizeof(int64_t), 1, sizeof(Py_ssize_t), sizeof(int64_t), sizeof(double),
        1, sizeof(Py_ssize_t), sizeof(Py_ssize_t), sizeof(int64_t), sizeof(int64_t),
        sizeof(int64_t), sizeof(double), sizeof(int64_t), sizeof(int64_t), sizeof(double),
        sizeof(double)};
    for (int i = 0; i < N_VECS; i++) { S->v[i].len = 0; S->v[i].item = item[i]; }
    int32_t *count = S->count;
    uint64_t *seen = S->seen;
    /* Local copies of the scratch vectors; handed back (with their capacity) at the end. */
    Vec people = S->v[V_PEOPLE], ids = S->v[V_IDS], buf = S->v[V_BUF];
    Vec msg_tok = S->v[V_MSG_TOK];   /* start of each message's tokens; one extra at the end */
    Vec owner = S->v[V_OWNER], times = S->v[V_TIMES], ask = S->v[V_ASK];
    Vec conv_start = S->v[V_CONV_START], conv_people = S->v[V_CONV_PEOPLE];
    Vec g_sender = S->v[V_G_SENDER], g_partner = S->v[V_G_PARTNER], g_conv = S->v[V_G_CONV];
    Vec group = S->v[V_GROUP], pool = S->v[V_POOL], mask = S->v[V_MASK];
    Vec sessions = S->v[V_SESSIONS], span = S->v[V_SPAN];

    if (PySequence_Fast_GET_SIZE(pairs_seq) != n_convs) {
        PyErr_SetString(PyExc_ValueError, "one pair list per conversation");
        goto done;
    }
    /* Phase 1: read the Python objects (this may call back into Python). */
    for (Py_ssize_t c = 0; c < n_convs; c++) {
        PyObject *conv = PySequence_Fast_GET_ITEM(convs, c);
        PyObject *parts = get_seq(conv, s_participants);
        if (!parts) goto done;
        PyObject *msgs = get_seq(conv, s_messages);
        if (!msgs) { Py_DECREF(parts); goto done; }
        local = PyDict_New();
        if (!local || PUSH(conv_start, Py_ssize_t, (Py_ssize_t)owner.len) < 0 ||
            PUSH(conv_people, Py_ssize_t, (Py_ssize_t)people.len) < 0) {
            Py_DECREF(parts); Py_DECREF(msgs); goto done;
        }
        Py_ssize_t np_ = PySequence_Fast_GET_SIZE(parts);
        for (Py_ssize_t k = 0; k < np_; k++) {
            PyObject *p = PySequence_Fast_GET_ITEM(parts, k);
            PyObject *pid = field(p, 0), *age = field(p, 1), *src = field(p, 2);
            int bad = !pid || !age || !src;
            Person person;
            memset(&person, 0, sizeof person);
            if (!bad) {
                person.age = age == Py_None ? -1.0 : PyFloat_AsDouble(age);
                bad = person.age == -1.0 && PyErr_Occurred();
            }
            if (!bad) {
                PyObject *code = PyDict_GetItemWithError(s->source_code, src);
                if (!code) {
                    if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "unknown age source");
                    bad = 1;
                } else {
                    person.source = (int)PyLong_AsLong(code);
                }
            }
            PyObject *index = bad ? NULL : PyLong_FromSsize_t((Py_ssize_t)people.len);
            bad = bad || !index || PyDict_SetItem(local, pid, index) < 0;
            Py_XDECREF(index); Py_XDECREF(pid); Py_XDECREF(age); Py_XDECREF(src);
            person.conv = c;
            person.last_sign = -1;
            person.last_session = -1;
            person.first_pos = 1.0;
            for (int i = 0; i < N_IND; i++) person.first_msg[i] = -1;
            if (bad || PUSH(people, Person, person) < 0) {
                Py_DECREF(parts); Py_DECREF(msgs); goto done;
            }
        }
        Py_DECREF(parts);
        Py_ssize_t nm = PySequence_Fast_GET_SIZE(msgs);
        for (Py_ssize_t k = 0; k < nm; k++) {
            PyObject *m = PySequence_Fast_GET_ITEM(msgs, k);
            PyObject *sender = field(m, 1), *at = field(m, 2), *text = field(m, 3);
            int bad = !sender || !at || !text;
            PyObject *who = bad ? NULL : PyDict_GetItemWithError(local, sender);
            if (!bad && !who) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "message sender is not a participant");
                bad = 1;
            }
            double t = bad ? 0.0 : PyFloat_AsDouble(at);
            bad = bad || (t == -1.0 && PyErr_Occurred());
            if (!bad && !PyUnicode_Check(text)) {
                PyErr_SetString(PyExc_TypeError, "message text must be str");
                bad = 1;
            }
            if (!bad) {
                bad = PUSH(owner, int64_t, PyLong_AsLongLong(who)) < 0 ||
                      PUSH(times, double, t) < 0 ||
                      PUSH(msg_tok, Py_ssize_t, (Py_ssize_t)ids.len) < 0;
            }
            if (!bad) {
                Py_ssize_t len = PyUnicode_GET_LENGTH(text);
                int done_inert;
                Py_ssize_t q = PyUnicode_FindChar(text, '?', 0, len, 1);
                bad = q == -2 || PUSH(ask, char, (char)(q >= 0)) < 0;
                if (!bad && PyUnicode_IS_ASCII(text)) {
                    bad = tokenize_ascii(s, PyUnicode_1BYTE_DATA(text), len, &ids, &buf) < 0;
                } else if (!bad && (done_inert = tokenize_inert(s, text, &ids, &buf)) != 0) {
                    bad = done_inert < 0;
                } else if (!bad) {
                    PyObject *joined = PyObject_CallOneArg(s->normalize, text);
                    Py_ssize_t jn = 0;
                    const char *jp = joined ? PyUnicode_AsUTF8AndSize(joined, &jn) : NULL;
                    bad = !jp || tokenize_joined(s, jp, jn, &ids) < 0;
                    Py_XDECREF(joined);
                }
            }
            Py_XDECREF(sender); Py_XDECREF(at); Py_XDECREF(text);
            if (bad) { Py_DECREF(msgs); goto done; }
        }
        Py_ssize_t nparts = (Py_ssize_t)people.len - AT(conv_people, Py_ssize_t)[c];
        Py_DECREF(msgs);
        PyObject *plist = PySequence_Fast(PySequence_Fast_GET_ITEM(pairs_seq, c),
                                          "pairs must be sequences");
        if (!plist) goto done;
        for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(plist); k++) {
            PyObject *pair = PySequence_Fast_GET_ITEM(plist, k);
            PyObject *a = field(pair, 0), *b = field(pair, 1);
            PyObject *ia = a ? PyDict_GetItemWithError(local, a) : NULL;
            PyObject *ib = b ? PyDict_GetItemWithError(local, b) : NULL;
            Py_XDECREF(a); Py_XDECREF(b);
            if (!ia || !ib) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "pair names a non-participant");
                Py_DECREF(plist); goto done;
            }
            int64_t gs = PyLong_AsLongLong(ia), gp = PyLong_AsLongLong(ib);
            if (PUSH(g_sender, int64_t, gs) < 0 || PUSH(g_partner, int64_t, gp) < 0 ||
                PUSH(g_conv, int64_t, c) < 0 || PUSH(group, double, nparts > 2 ? 1.0 : 0.0) < 0) {
                Py_DECREF(plist); goto done;
            }
            AT(people, Person)[gs].role |= 1;
            AT(people, Person)[gp].role |= 2;
        }
        Py_DECREF(plist);
        Py_CLEAR(local);
    }
    if (PUSH(msg_tok, Py_ssize_t, (Py_ssize_t)ids.len) < 0 ||
        PUSH(conv_start, Py_ssize_t, (Py_ssize_t)owner.len) < 0 ||
        PUSH(conv_people, Py_ssize_t, (Py_ssize_t)people.len) < 0)
        goto done;

    /* Phase 2: pure C from here until the outputs are built. */
    Py_ssize_t n_msgs = (Py_ssize_t)owner.len, n_pairs = (Py_ssize_t)g_sender.len;
    Person *P = AT(people, Person);
    const int64_t *ID = AT(ids, int64_t), *OWN = AT(owner, int64_t);
    const Py_ssize_t *MT = AT(msg_tok, Py_ssize_t), *CS = AT(conv_start, Py_ssize_t);
    const double *T = AT(times, double);
    const int64_t n = s->n_tokens;
    if (vec_reserve(&mask, (size_t)n_msgs + 1) < 0 || vec_reserve(&sessions, (size_t)n_convs + 1) < 0 ||
        vec_reserve(&span, (size_t)n_convs + 1) < 0)
        goto done;
    int64_t *M = AT(mask, int64_t);

    /* Indicator cues per message (unigram, bigram, trigram; never across messages). */
    for (Py_ssize_t j = 0; j < n_msgs; j++) {
        int64_t bits = 0;
        const int64_t *t = ID + MT[j];
        Py_ssize_t L = MT[j + 1] - MT[j];
        for (Py_ssize_t i = 0; i < L; i++) bits |= s->cue_uni[t[i]];
        for (Py_ssize_t i = 0; i + 1 < L; i++) {
            int64_t f = map_get(&s->cue2, t[i] * n + t[i + 1]);
            if (f > 0) bits |= f;
        }
        for (Py_ssize_t i = 0; i + 2 < L; i++) {
            int64_t f = map_get(&s->cue3, (t[i] * n + t[i + 1]) * n + t[i + 2]);
            if (f > 0) bits |= f;
        }
        M[j] = bits;
    }

    /* Per participant and per conversation statistics, message by message. */
    int64_t session = -1;
    for (Py_ssize_t c = 0; c < n_convs; c++) {
        Py_ssize_t lo = CS[c], hi = CS[c + 1], total = hi - lo;
        double start = INFINITY, end = -INFINITY, count_sessions = 0.0;
        for (Py_ssize_t j = lo; j < hi; j++) {
            Person *p = &P[OWN[j]];
            double t = T[j];
            if (j == lo || T[j] - T[j - 1] > SESSION_GAP_S) { session++; count_sessions += 1.0; }
            if (t < start) start = t;
            if (t > end) end = t;
            double hour;
            if (t >= 0.0 && t < 9007199254740992.0) {
                /* numpy's floor division is the exact floor here (see np_floor_divide) */
                hour = (double)(((int64_t)floor(t) / 3600) % 24);
            } else {
                np_floor_divide(np_floor_divide(t, 3600.0, NULL), 24.0, &hour);
            }
            p->n_msgs += 1.0;
            p->n_late += (hour >= 22 || hour < 5) ? 1.0 : 0.0;
            p->questions += AT(ask, char)[j] ? 1.0 : 0.0;
            int64_t bits = M[j];
            for (int i = 0; i < N_IND; i++) {
                if (bits >> i & 1) {
                    p->n_ind[i]++;
                    if (p->first_msg[i] < 0) p->first_msg[i] = j;
                }
            }
            if (bits & ((1 << N_SIGN) - 1)) {
                if (p->first_pos == 1.0 && p->last_sign < 0)
                    p->first_pos = (double)(j - lo) / (double)total;
                p->last_sign = j;
                if (p->last_session != session) { p->last_session = session; p->sign_sessions += 1.0; }
            }
        }
        AT(sessions, double)[c] = count_sessions;
        AT(span, double)[c] = count_sessions > 0 ? (end - start) / 86400.0 : 0.0;
    }

    /* N-gram counts of each participant in each role it plays, in feature id order: counts
     * go to a dense counter, first sightings to a bitmap that is read back in order. */
    for (Py_ssize_t c = 0; c < n_convs; c++) {
        Py_ssize_t p_lo = AT(conv_people, Py_ssize_t)[c], p_hi = AT(conv_people, Py_ssize_t)[c + 1];
        for (Py_ssize_t g = p_lo; g < p_hi; g++) {
            for (int r = 0; r < 2; r++) {
                if (!(P[g].role >> r & 1)) continue;
                const int64_t *uni = r ? s->p_uni : s->s_uni;
                const Map *bi = r ? &s->p_bi : &s->s_bi;
                Py_ssize_t distinct = 0;
                for (Py_ssize_t j = CS[c]; j < CS[c + 1]; j++) {
                    if (OWN[j] != g) continue;
                    const int64_t *t = ID + MT[j];
                    Py_ssize_t L = MT[j + 1] - MT[j];
                    for (Py_ssize_t i = 0; i < L; i++) {
                        int64_t f = uni[t[i]];
                        if (f >= 0 && count[f]++ == 0) { seen[f >> 6] |= 1ULL << (f & 63); distinct++; }
                    }
                    for (Py_ssize_t i = 0; i + 1 < L; i++) {
                        int64_t f = map_get(bi, t[i] * n + t[i + 1]);
                        if (f >= 0 && count[f]++ == 0) { seen[f >> 6] |= 1ULL << (f & 63); distinct++; }
                    }
                }
                P[g].block[r] = (Py_ssize_t)pool.len;
                P[g].block_len[r] = distinct;
                if (!distinct) continue;
                if (vec_reserve(&pool, 2 * (size_t)distinct) < 0) goto done;
                int64_t *out = AT(pool, int64_t) + pool.len;
                int64_t lo = r ? s->n_sender : 0, hi = r ? s->n_sender + s->n_partner : s->n_sender;
                for (int64_t w = lo >> 6; w <= (hi - 1) >> 6; w++) {
                    uint64_t bits = seen[w];
                    seen[w] = 0;
                    while (bits) {
                        int64_t f = (w << 6) + __builtin_ctzll(bits);
                        bits &= bits - 1;
                        *out++ = f;
                        *out++ = count[f];
                        count[f] = 0;
                    }
                }
                pool.len += 2 * (size_t)distinct;
            }
        }
    }

    /* Phase 3: outputs. */
    Py_ssize_t N = 0;
    const int64_t *GS = AT(g_sender, int64_t), *GP = AT(g_partner, int64_t),
                  *GC = AT(g_conv, int64_t);
    for (Py_ssize_t r = 0; r < n_pairs; r++) N += P[GS[r]].block_len[0] + P[GP[r]].block_len[1];
    PyObject *o_ids = PyByteArray_FromStringAndSize(NULL, N * 8);
    PyObject *o_counts = PyByteArray_FromStringAndSize(NULL, N * 4);
    PyObject *o_segs = PyByteArray_FromStringAndSize(NULL, N * 8);
    PyObject *o_dense = PyByteArray_FromStringAndSize(NULL, n_pairs * N_DENSE * 8);
    PyObject *o_ind = PyByteArray_FromStringAndSize(NULL, n_msgs * N_IND);
    PyObject *o_off = PyList_New(n_convs);
    if (!o_ids || !o_counts || !o_segs || !o_dense || !o_ind || !o_off) goto outputs_fail;
    for (Py_ssize_t c = 0; c < n_convs; c++) {
        PyObject *v = PyLong_FromSsize_t(CS[c]);
        if (!v) goto outputs_fail;
        PyList_SET_ITEM(o_off, c, v);
    }
    {
        int64_t *oi = (int64_t *)PyByteArray_AS_STRING(o_ids);
        float *oc = (float *)PyByteArray_AS_STRING(o_counts);
        int64_t *os = (int64_t *)PyByteArray_AS_STRING(o_segs);
        const int64_t *PL = AT(pool, int64_t);
        Py_ssize_t w = 0;
        for (int r = 0; r < 2; r++) {
            for (Py_ssize_t k = 0; k < n_pairs; k++) {
                const Person *p = &P[r ? GP[k] : GS[k]];
                const int64_t *b = PL + p->block[r];
                for (Py_ssize_t e = 0; e < p->block_len[r]; e++, w++) {
                    oi[w] = b[2 * e];
                    oc[w] = (float)(double)b[2 * e + 1];
                    os[w] = k + (r ? n_pairs : 0);
                }
            }
        }
        unsigned char *ind = (unsigned char *)PyByteArray_AS_STRING(o_ind);
        for (Py_ssize_t j = 0; j < n_msgs; j++)
            for (int i = 0; i < N_IND; i++) ind[j * N_IND + i] = (unsigned char)(M[j] >> i & 1);
        double *d = (double *)PyByteArray_AS_STRING(o_dense);
        for (Py_ssize_t k = 0; k < n_pairs; k++, d += N_DENSE) {
            const Person *sp = &P[GS[k]], *pp = &P[GP[k]];
            double s_age = sp->age, p_age = pp->age;
            int s_known = s_age >= 0, p_known = p_age >= 0, both = s_known && p_known;
            int col = 0, distinct = 0, hits[N_STAGES] = {0};
            for (int i = 0; i < N_IND; i++) d[col++] = (double)sp->n_ind[i];
            for (int i = 0; i < N_IND; i++) d[col++] = (double)pp->n_ind[i];
            for (int i = 0; i < N_SIGN; i++) {
                if (sp->n_ind[i]) { distinct++; hits[s->stage_of[i]] = 1; }
            }
            double s_msgs = sp->n_msgs, p_msgs = pp->n_msgs, total = s_msgs + p_msgs;
            d[col++] = (double)distinct / (double)N_SIGN;
            d[col++] = sp->first_pos;
            d[col++] = s_known;
            d[col++] = s_known && s_age >= ADULT_AGE;
            d[col++] = (s_known ? s_age : 0.0) / 60.0;
            d[col++] = p_known;
            d[col++] = p_known && p_age < ADULT_AGE;
            d[col++] = (p_known ? p_age : 0.0) / 60.0;
            d[col++] = (both ? s_age - p_age : 0.0) / 40.0;
            d[col++] = both;
            d[col++] = sp->source == 3; d[col++] = sp->source == 1; d[col++] = sp->source == 2;
            d[col++] = pp->source == 3; d[col++] = pp->source == 1; d[col++] = pp->source == 2;
            d[col++] = s_msgs > 0 ? sp->n_late / s_msgs : 0.0;
            d[col++] = p_msgs > 0 ? pp->n_late / p_msgs : 0.0;
            d[col++] = s_msgs;
            d[col++] = p_msgs;
            d[col++] = total > 0 ? s_msgs / total : 0.0;
            d[col++] = AT(group, double)[k];
            int n_hit = 0;
            for (int i = 0; i < N_STAGES; i++) n_hit += hits[i];
            double stages = (double)n_hit / (double)N_STAGES;
            d[col++] = stages;
            int64_t compared = 0, good = 0;
            for (int a = 0; a < N_SIGN; a++) {
                for (int b = 0; b < N_SIGN; b++) {
                    int64_t fa = sp->first_msg[a], fb = sp->first_msg[b];
                    if (fa >= 0 && fb >= 0 && s->stage_of[a] < s->stage_of[b]) {
                        compared++;
                        good += fa <= fb;
                    }
                }
            }
            d[col++] = compared > 0 ? (double)good / (double)compared : 0.0;
            d[col++] = sp->sign_sessions;
            d[col++] = hits[1] && hits[3];
            int64_t disclosed = pp->first_msg[DISCLOSED];
            d[col++] = disclosed >= 0 && disclosed < sp->last_sign;
            d[col++] = s_msgs > 0 ? sp->questions / s_msgs : 0.0;
            d[col++] = p_msgs > 0 ? pp->questions / p_msgs : 0.0;
            d[col++] = AT(sessions, double)[GC[k]];
            d[col++] = AT(span, double)[GC[k]];
            int likely_minor = (p_known && p_age < ADULT_AGE) || pp->n_ind[DISCLOSED] > 0;
            double diff = s_age - p_age;
            double gap = both ? (diff < 0.0 ? 0.0 : diff > 40.0 ? 40.0 : diff) / 40.0 : 0.5;
            d[col++] = stages * (double)likely_minor;
            d[col++] = stages * gap;
        }
    }
    result = Py_BuildValue("(NNNNNN)", o_ids, o_counts, o_segs, o_dense, o_ind, o_off);
    goto done;
outputs_fail:
    Py_XDECREF(o_ids); Py_XDECREF(o_counts); Py_XDECREF(o_segs);
    Py_XDECREF(o_dense); Py_XDECREF(o_ind); Py_XDECREF(o_off);
done:
    if (!result) {
        /* an error may leave counts behind: clear them so the scratch stays all zero */
        memset(count, 0, (size_t)(s->n_sender + s->n_partner + 1) * sizeof(int32_t));
        memset(seen, 0, ((size_t)(s->n_sender + s->n_partner) / 64 + 2) * sizeof(uint64_t));
    }
    if (buf.data) memset(buf.data, 0, buf.cap);  /* the last token read: leave no text behind */
    Py_XDECREF(local);
    Py_DECREF(convs); Py_DECREF(pairs_seq);
    Vec *mine[N_VECS] = {&people, &ids, &buf, &msg_tok, &owner, &times, &ask, &conv_start,
                         &conv_people, &g_sender, &g_partner, &g_conv, &group, &pool, &mask,
                         &sessions, &span};
    for (int i = 0; i < N_VECS; i++) S->v[i] = *mine[i];
    if (shared) s->busy = 0;
    else scratch_free(&own);
    return result;
}

static PyMethodDef methods[] = {
    {"build_space", build_space, METH_VARARGS, "Build the lookup tables of a feature space."},
    {"featurize", featurize, METH_VARARGS,
     "featurize(space, conversations, pairs) -> (ngram_ids, ngram_counts, segments, dense64, "
     "message_indicators, message_offsets) as bytearrays and a list."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_featurize",
    "Compiled featurizer of grooming-risk (see service/scoring/features.py).", -1, methods,
};

PyMODINIT_FUNC PyInit__featurize(void) {
    init_tables();
    s_participants = PyUnicode_InternFromString("participants");
    s_messages = PyUnicode_InternFromString("messages");
    if (!s_participants || !s_messages) return NULL;
    return PyModule_Create(&module);
}

/* Decodes serialized scoring requests (ScoreConversationRequest, ScoreConversationBatch)
 * straight into the domain's Python objects, and encodes a domain conversation as a
 * request (the score CLI's side) byte for byte as the protobuf runtime would.
 *
 * The protobuf runtime would build a message object per chat message and a Python string
 * per field read; for a 30-message conversation that is most of what a call costs before
 * scoring starts. This reads the wire format once and builds the domain tuples directly.
 *
 * It follows the protobuf decoding rules the reference path (scoring_pb2 + converters.py)
 * gets from upb, and tests/servicers/test_wire_decode.py checks the two agree on valid,
 * mutated and malformed messages:
 *   - a scalar field seen twice keeps its last value; a singular message field seen twice
 *     is merged (its repeated fields concatenate); each occurrence of a repeated field is
 *     a new element;
 *   - a known field with an unexpected wire type, and any unknown field, is skipped;
 *   - string fields must be valid UTF-8; a truncated or malformed message is an error;
 *   - integers are truncated to the field's width as protobuf does (uint32, int32, int64).
 *
 * Message text is only copied into the Python string the domain Message holds; nothing
 * here keeps, logs or echoes it (an error says only that the message is malformed).
 *
 * Schema (proto/grooming_risk/v1/scoring.proto):
 *   ScoreConversationBatch { repeated ScoreConversationRequest requests = 1; }
 *   ScoreConversationRequest { Conversation conversation = 1; }
 *   Conversation { string id = 1; repeated Participant participants = 2;
 *                  repeated ChatMessage messages = 3; bool professional_secrecy = 4; }
 *   Participant { string id = 1; optional uint32 age = 2; AgeSource age_source = 3; }
 *   ChatMessage { string id = 1; string sender_id = 2; Timestamp sent_at = 3;
 *                 string text = 4; ContentKind kind = 5; }
 *   Timestamp { int64 seconds = 1; int32 nanos = 2; }
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define MAX_DEPTH 100 /* upb's default nesting limit for Python */

enum { WT_VARINT = 0, WT_I64 = 1, WT_LEN = 2, WT_SGROUP = 3, WT_EGROUP = 4, WT_I32 = 5 };

typedef struct { const uint8_t *p, *end; } Reader;

static int fail(void) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "malformed protobuf message");
    return -1;
}

static int read_varint(Reader *r, uint64_t *out) {
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (r->p >= r->end) return fail();
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) { *out = v; return 0; }
    }
    return fail(); /* more than 10 bytes */
}

static int read_tag(Reader *r, uint32_t *field, int *wt) {
    uint64_t tag;
    if (read_varint(r, &tag) < 0) return -1;
    if (tag > UINT32_MAX || (tag >> 3) == 0) return fail();
    *field = (uint32_t)(tag >> 3);
    *wt = (int)(tag & 7);
    return 0;
}

/* The payload of a length-delimited field. */
static int read_len(Reader *r, Reader *sub) {
    uint64_t n;
    if (read_varint(r, &n) < 0) return -1;
    if (n > (uint64_t)(r->end - r->p) || n > INT32_MAX) return fail();
    sub->p = r->p;
    sub->end = r->p + n;
    r->p += n;
    return 0;
}

static int skip_field(Reader *r, uint32_t field, int wt, int depth) {
    uint64_t ignored;
    Reader sub;
    switch (wt) {
    case WT_VARINT: return read_varint(r, &ignored);
    case WT_I64:
        if (r->end - r->p < 8) return fail();
        r->p += 8;
        return 0;
    case WT_LEN: return read_len(r, &sub);
    case WT_I32:
        if (r->end - r->p < 4) return fail();
        r->p += 4;
        return 0;
    case WT_SGROUP:
        if (depth >= MAX_DEPTH) return fail();
        for (;;) {
            uint32_t f;
            int w;
            if (r->p >= r->end) return fail(); /* the group never ends */
            if (read_tag(r, &f, &w) < 0) return -1;
            if (w == WT_EGROUP) return f == field ? 0 : fail();
            if (skip_field(r, f, w, depth + 1) < 0) return -1;
        }
    default: return fail(); /* an end-group with no start, or wire types 6 and 7 */
    }
}

/* A conversation has few senders and many messages: the sender ids already decoded are
 * kept (as their bytes and string) and reused, one string object per sender. */
#define SENDER_CACHE 8
typedef struct {
    const uint8_t *bytes[SENDER_CACHE];
    Py_ssize_t len[SENDER_CACHE];
    PyObject *str[SENDER_CACHE]; /* owned: released by senders_clear */
    int n;
} Senders;

/* A sender id field: like read_string, but the same bytes give the same string. */
static int read_sender(Reader *r, PyObject **slot, Senders *cache) {
    Reader s;
    if (read_len(r, &s) < 0) return -1;
    Py_ssize_t n = s.end - s.p;
    for (int i = 0; i < cache->n; i++) {
        if (cache->len[i] == n && memcmp(cache->bytes[i], s.p, n) == 0) {
            Py_INCREF(cache->str[i]);
            Py_XSETREF(*slot, cache->str[i]);
            return 0;
        }
    }
    PyObject *str = PyUnicode_DecodeUTF8((const char *)s.p, n, NULL);
    if (!str) {
        PyErr_Clear();
        return fail();
    }
    Py_XSETREF(*slot, str);
    if (cache->n < SENDER_CACHE) {
        cache->bytes[cache->n] = s.p;
        cache->len[cache->n] = n;
        Py_INCREF(str);
        cache->str[cache->n++] = str;
    }
    return 0;
}

static void senders_clear(Senders *cache) {
    for (int i = 0; i < cache->n; i++) Py_DECREF(cache->str[i]);
    cache->n = 0;
}

/* A UTF-8 string field: replaces *slot (last occurrence wins). */
static int read_string(Reader *r, PyObject **slot) {
    Reader s;
    if (read_len(r, &s) < 0) return -1;
    PyObject *str = PyUnicode_DecodeUTF8((const char *)s.p, s.end - s.p, NULL);
    if (!str) {
        PyErr_Clear();
        return fail();
    }
    Py_XSETREF(*slot, str);
    return 0;
}

/* ---- messages -------------------------------------------------------------------- */

static int decode_timestamp(Reader r, int depth, int64_t *seconds, int32_t *nanos) {
    while (r.p < r.end) {
        uint32_t f;
        int wt;
        uint64_t v;
        if (read_tag(&r, &f, &wt) < 0) return -1;
        if (f == 1 && wt == WT_VARINT) {
            if (read_varint(&r, &v) < 0) return -1;
            *seconds = (int64_t)v;
        } else if (f == 2 && wt == WT_VARINT) {
            if (read_varint(&r, &v) < 0) return -1;
            *nanos = (int32_t)(uint32_t)v;
        } else if (skip_field(&r, f, wt, depth) < 0) {
            return -1;
        }
    }
    return 0;
}

typedef struct {
    PyTypeObject *message_type; /* the domain's Message named tuple */
    PyObject *kinds;            /* tuple: ContentKind by enum number, None where unset */
    PyObject *empty;            /* "" */
} Types;

/* One ChatMessage as a Message(id, sender, sent_at, text, kind). *bad is set when its
 * kind is not a known content kind (the caller reports the first such message). */
static PyObject *decode_message(Reader r, int depth, const Types *t, int *bad,
                                Senders *senders) {
    PyObject *id = NULL, *sender = NULL, *text = NULL;
    int64_t seconds = 0;
    int32_t nanos = 0;
    int32_t kind = 0;
    while (r.p < r.end) {
        uint32_t f;
        int wt;
        uint64_t v;
        Reader sub;
        if (read_tag(&r, &f, &wt) < 0) goto error;
        if (wt == WT_LEN && f == 1) {
            if (read_string(&r, &id) < 0) goto error;
        } else if (wt == WT_LEN && f == 2) {
            if (read_sender(&r, &sender, senders) < 0) goto error;
        } else if (wt == WT_LEN && f == 3) {
            if (depth + 1 > MAX_DEPTH) { fail(); goto error; }
            if (read_len(&r, &sub) < 0 || decode_timestamp(sub, depth + 1, &seconds, &nanos) < 0)
                goto error;
        } else if (wt == WT_LEN && f == 4) {
            if (read_string(&r, &text) < 0) goto error;
        } else if (wt == WT_VARINT && f == 5) {
            if (read_varint(&r, &v) < 0) goto error;
            kind = (int32_t)(uint32_t)v;
        } else if (skip_field(&r, f, wt, depth) < 0) {
            goto error;
        }
    }
    PyObject *kind_obj = (kind >= 0 && kind < PyTuple_GET_SIZE(t->kinds))
                             ? PyTuple_GET_ITEM(t->kinds, kind) : Py_None;
    if (kind_obj == Py_None) *bad = 1;
    /* The same float arithmetic as `ts.seconds + ts.nanos * 1e-9` in Python. */
    PyObject *sent_at = PyFloat_FromDouble((double)seconds + (double)nanos * 1e-9);
    PyObject *m = t->message_type->tp_alloc(t->message_type, 5);
    if (!sent_at || !m) {
        Py_XDECREF(sent_at);
        Py_XDECREF(m);
        goto error;
    }
#define OR_EMPTY(x) ((x) ? (x) : (Py_INCREF(t->empty), t->empty))
    PyTuple_SET_ITEM(m, 0, OR_EMPTY(id));
    PyTuple_SET_ITEM(m, 1, OR_EMPTY(sender));
    PyTuple_SET_ITEM(m, 2, sent_at);
    PyTuple_SET_ITEM(m, 3, OR_EMPTY(text));
    Py_INCREF(kind_obj);
    PyTuple_SET_ITEM(m, 4, kind_obj);
    /* Strings, a float and an enum member: it can never be part of a reference cycle, so
     * the cycle collector need not follow it. A batch holds tens of thousands of these,
     * and tracked they made each young-generation collection walk them all. */
    PyObject_GC_UnTrack(m);
    return m;
error:
    Py_XDECREF(id);
    Py_XDECREF(sender);
    Py_XDECREF(text);
    return NULL;
}

/* One Participant as (id, age or None, age_source number). */
static PyObject *decode_participant(Reader r, int depth, const Types *t) {
    PyObject *id = NULL;
    int has_age = 0;
    uint32_t age = 0;
    int32_t source = 0;
    while (r.p < r.end) {
        uint32_t f;
        int wt;
        uint64_t v;
        if (read_tag(&r, &f, &wt) < 0) goto error;
        if (wt == WT_LEN && f == 1) {
            if (read_string(&r, &id) < 0) goto error;
        } else if (wt == WT_VARINT && f == 2) {
            if (read_varint(&r, &v) < 0) goto error;
            age = (uint32_t)v;
            has_age = 1;
        } else if (wt == WT_VARINT && f == 3) {
            if (read_varint(&r, &v) < 0) goto error;
            source = (int32_t)(uint32_t)v;
        } else if (skip_field(&r, f, wt, depth) < 0) {
            goto error;
        }
    }
    if (!id) {
        id = t->empty;
        Py_INCREF(id);
    }
    return Py_BuildValue("(NNi)", id, has_age ? PyLong_FromUnsignedLong(age)
                                              : (Py_INCREF(Py_None), Py_None), source);
error:
    Py_XDECREF(id);
    return NULL;
}

typedef struct {
    PyObject *id, *participants, *messages;
    int secrecy;
    Py_ssize_t first_bad_kind;
    Senders senders;
} ConversationState;

/* One occurrence of the conversation field, merged into *c. */
static int decode_conversation(Reader r, int depth, const Types *t, ConversationState *c) {
    while (r.p < r.end) {
        uint32_t f;
        int wt;
        uint64_t v;
        Reader sub;
        if (read_tag(&r, &f, &wt) < 0) return -1;
        if (wt == WT_LEN && f == 1) {
            if (read_string(&r, &c->id) < 0) return -1;
        } else if (wt == WT_LEN && (f == 2 || f == 3)) {
            if (depth + 1 > MAX_DEPTH) return fail();
            if (read_len(&r, &sub) < 0) return -1;
            PyObject *item;
            if (f == 2) {
                item = decode_participant(sub, depth + 1, t);
            } else {
                int bad = 0;
                item = decode_message(sub, depth + 1, t, &bad, &c->senders);
                if (bad && c->first_bad_kind < 0)
                    c->first_bad_kind = PyList_GET_SIZE(c->messages);
            }
            if (!item) return -1;
            int appended = PyList_Append(f == 2 ? c->participants : c->messages, item);
            Py_DECREF(item);
            if (appended < 0) return -1;
        } else if (wt == WT_VARINT && f == 4) {
            if (read_varint(&r, &v) < 0) return -1;
            c->secrecy = v != 0;
        } else if (skip_field(&r, f, wt, depth) < 0) {
            return -1;
        }
    }
    return 0;
}

/* One ScoreConversationRequest as (has_conversation, id, participants, messages,
 * professional_secrecy, first_bad_kind); NULL with ValueError if it is malformed. */
static PyObject *decode_one(Reader r, int depth, const Types *t) {
    ConversationState c = {NULL, PyList_New(0), PyList_New(0), 0, -1, {{NULL}, {0}, {NULL}, 0}};
    int present = 0;
    PyObject *result = NULL;
    if (!c.participants || !c.messages) goto done;
    while (r.p < r.end) {
        uint32_t f;
        int wt;
        Reader sub;
        if (read_tag(&r, &f, &wt) < 0) goto done;
        if (f == 1 && wt == WT_LEN) {
            if (depth + 1 > MAX_DEPTH) { fail(); goto done; }
            if (read_len(&r, &sub) < 0 || decode_conversation(sub, depth + 1, t, &c) < 0)
                goto done;
            present = 1;
        } else if (skip_field(&r, f, wt, depth) < 0) {
            goto done;
        }
    }
    if (!c.id) {
        c.id = t->empty;
        Py_INCREF(c.id);
    }
    result = Py_BuildValue("(OOOOOn)", present ? Py_True : Py_False, c.id, c.participants,
                           c.messages, c.secrecy ? Py_True : Py_False, c.first_bad_kind);
done:
    senders_clear(&c.senders);
    Py_XDECREF(c.id);
    Py_XDECREF(c.participants);
    Py_XDECREF(c.messages);
    return result;
}

static int parse_args(PyObject *args, const char *format, Py_buffer *buf, Types *t) {
    if (!PyArg_ParseTuple(args, format, buf, &PyType_Type, &t->message_type, &PyTuple_Type,
                          &t->kinds))
        return -1;
    t->empty = PyUnicode_FromStringAndSize("", 0);
    if (!t->empty) {
        PyBuffer_Release(buf);
        return -1;
    }
    return 0;
}

static PyObject *decode_request(PyObject *Py_UNUSED(self), PyObject *args) {
    Py_buffer buf;
    Types t;
    if (parse_args(args, "y*O!O!:decode_request", &buf, &t) < 0) return NULL;
    Reader r = {(const uint8_t *)buf.buf, (const uint8_t *)buf.buf + buf.len};
    PyObject *result = decode_one(r, 0, &t);
    Py_DECREF(t.empty);
    PyBuffer_Release(&buf);
    return result;
}

/* A ScoreConversationBatch: a list of what decode_request returns, one per request. */
static PyObject *decode_batch(PyObject *Py_UNUSED(self), PyObject *args) {
    Py_buffer buf;
    Types t;
    if (parse_args(args, "y*O!O!:decode_batch", &buf, &t) < 0) return NULL;
    PyObject *out = PyList_New(0);
    Reader r = {(const uint8_t *)buf.buf, (const uint8_t *)buf.buf + buf.len};
    while (out && r.p < r.end) {
        uint32_t f;
        int wt;
        Reader sub;
        PyObject *one = NULL;
        if (read_tag(&r, &f, &wt) < 0) {
            Py_CLEAR(out);
        } else if (f == 1 && wt == WT_LEN) {
            if (read_len(&r, &sub) < 0 || !(one = decode_one(sub, 1, &t)) ||
                PyList_Append(out, one) < 0)
                Py_CLEAR(out);
            Py_XDECREF(one);
        } else if (skip_field(&r, f, wt, 0) < 0) {
            Py_CLEAR(out);
        }
    }
    Py_DECREF(t.empty);
    PyBuffer_Release(&buf);
    return out;
}

/* ---- encoding (the client side) ---------------------------------------------------- */

typedef struct { char *data; Py_ssize_t len, cap; } Buf;

static int buf_grow(Buf *b, Py_ssize_t n) {
    if (b->len + n <= b->cap) return 0;
    Py_ssize_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n) cap *= 2;
    char *p = PyMem_Realloc(b->data, cap);
    if (!p) { PyErr_NoMemory(); return -1; }
    b->data = p;
    b->cap = cap;
    return 0;
}

static int put_varint(Buf *b, uint64_t v) {
    if (buf_grow(b, 10) < 0) return -1;
    while (v > 0x7f) {
        b->data[b->len++] = (char)((v & 0x7f) | 0x80);
        v >>= 7;
    }
    b->data[b->len++] = (char)v;
    return 0;
}

static int put_bytes(Buf *b, uint32_t field, const char *data, Py_ssize_t n) {
    if (put_varint(b, (uint64_t)field << 3 | WT_LEN) < 0 || put_varint(b, (uint64_t)n) < 0 ||
        buf_grow(b, n) < 0)
        return -1;
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return 0;
}

/* A string field, left out when empty (proto3 implicit presence). */
static int put_string(Buf *b, uint32_t field, PyObject *s) {
    Py_ssize_t n;
    if (!PyUnicode_Check(s)) {
        PyErr_SetString(PyExc_TypeError, "a string field holds a non-string");
        return -1;
    }
    const char *utf8 = PyUnicode_AsUTF8AndSize(s, &n);
    if (!utf8) return -1;
    return n ? put_bytes(b, field, utf8, n) : 0;
}

/* A varint field, left out when zero; negative values as 64-bit two's complement. */
static int put_int(Buf *b, uint32_t field, int64_t v) {
    if (!v) return 0;
    return put_varint(b, (uint64_t)field << 3 | WT_VARINT) < 0 ? -1 : put_varint(b, (uint64_t)v);
}

/* The enum number of ``member`` in ``numbers`` (a dict). */
static int enum_number(PyObject *numbers, PyObject *member, int64_t *out) {
    PyObject *n = PyDict_GetItemWithError(numbers, member);
    if (!n) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "an enum member has no number");
        return -1;
    }
    *out = PyLong_AsLongLong(n);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

static int put_message(Buf *out, Buf *scratch, PyObject *m, PyObject *kinds) {
    if (!PyTuple_Check(m) || PyTuple_GET_SIZE(m) != 5) {
        PyErr_SetString(PyExc_TypeError, "a message must be a Message");
        return -1;
    }
    double sent_at = PyFloat_AsDouble(PyTuple_GET_ITEM(m, 2));
    if (sent_at == -1.0 && PyErr_Occurred()) return -1;
    if (!(sent_at > -9.2e18 && sent_at < 9.2e18)) {
        PyErr_SetString(PyExc_ValueError, "sent_at is out of range");
        return -1;
    }
    /* As `seconds = int(sent_at); nanos = round((sent_at - seconds) * 1e9)` in Python:
     * truncation, then round-half-even in the default rounding mode. */
    int64_t seconds = (int64_t)sent_at;
    int64_t nanos = (int64_t)nearbyint((sent_at - (double)seconds) * 1e9);
    int64_t kind;
    if (enum_number(kinds, PyTuple_GET_ITEM(m, 4), &kind) < 0) return -1;
    Buf ts = {NULL, 0, 0};
    scratch->len = 0;
    int failed = put_string(scratch, 1, PyTuple_GET_ITEM(m, 0)) < 0 ||
                 put_string(scratch, 2, PyTuple_GET_ITEM(m, 1)) < 0 ||
                 put_int(&ts, 1, seconds) < 0 || put_int(&ts, 2, (int32_t)nanos) < 0 ||
                 put_bytes(scratch, 3, ts.data ? ts.data : "", ts.len) < 0 ||
                 put_string(scratch, 4, PyTuple_GET_ITEM(m, 3)) < 0 ||
                 put_int(scratch, 5, kind) < 0 ||
                 put_bytes(out, 3, scratch->data, scratch->len) < 0;
    PyMem_Free(ts.data);
    return failed ? -1 : 0;
}

static int put_participant(Buf *out, Buf *scratch, PyObject *p, PyObject *sources) {
    if (!PyTuple_Check(p) || PyTuple_GET_SIZE(p) != 3) {
        PyErr_SetString(PyExc_TypeError, "a participant must be a Participant");
        return -1;
    }
    int64_t source;
    if (enum_number(sources, PyTuple_GET_ITEM(p, 2), &source) < 0) return -1;
    scratch->len = 0;
    if (put_string(scratch, 1, PyTuple_GET_ITEM(p, 0)) < 0) return -1;
    PyObject *age = PyTuple_GET_ITEM(p, 1);
    if (age != Py_None) { /* optional: present even when 0 */
        unsigned long long a = PyLong_AsUnsignedLongLong(age);
        if (a == (unsigned long long)-1 && PyErr_Occurred()) return -1;
        if (a > UINT32_MAX) {
            PyErr_SetString(PyExc_ValueError, "age is out of range");
            return -1;
        }
        if (put_varint(scratch, 2 << 3 | WT_VARINT) < 0 || put_varint(scratch, a) < 0) return -1;
    }
    if (put_int(scratch, 3, source) < 0) return -1;
    return put_bytes(out, 2, scratch->data, scratch->len);
}

/* encode_request(conversation, age_source_numbers, kind_numbers) -> bytes: the
 * ScoreConversationRequest protobuf would serialize for it, byte for byte. */
static PyObject *encode_request(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *conv, *sources, *kinds;
    if (!PyArg_ParseTuple(args, "OO!O!:encode_request", &conv, &PyDict_Type, &sources,
                          &PyDict_Type, &kinds))
        return NULL;
    Buf body = {NULL, 0, 0}, scratch = {NULL, 0, 0}, out = {NULL, 0, 0};
    PyObject *id = PyObject_GetAttrString(conv, "id");
    PyObject *participants = PyObject_GetAttrString(conv, "participants");
    PyObject *messages = PyObject_GetAttrString(conv, "messages");
    PyObject *secrecy = PyObject_GetAttrString(conv, "professional_secrecy");
    PyObject *result = NULL;
    if (!id || !participants || !messages || !secrecy) goto done;
    if (!PyTuple_Check(participants) || !PyTuple_Check(messages)) {
        PyErr_SetString(PyExc_TypeError, "participants and messages must be tuples");
        goto done;
    }
    if (put_string(&body, 1, id) < 0) goto done;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(participants); i++)
        if (put_participant(&body, &scratch, PyTuple_GET_ITEM(participants, i), sources) < 0)
            goto done;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(messages); i++)
        if (put_message(&body, &scratch, PyTuple_GET_ITEM(messages, i), kinds) < 0) goto done;
    int flag = PyObject_IsTrue(secrecy);
    if (flag < 0 || put_int(&body, 4, flag) < 0) goto done;
    if (put_bytes(&out, 1, body.data ? body.data : "", body.len) < 0) goto done;
    result = PyBytes_FromStringAndSize(out.data, out.len);
done:
    Py_XDECREF(id);
    Py_XDECREF(participants);
    Py_XDECREF(messages);
    Py_XDECREF(secrecy);
    PyMem_Free(body.data);
    PyMem_Free(scratch.data);
    PyMem_Free(out.data);
    return result;
}

static PyMethodDef methods[] = {
    {"decode_request", decode_request, METH_VARARGS,
     "decode_request(data, message_type, kinds) -> (has_conversation, id, participants, "
     "messages, professional_secrecy, first_bad_kind); ValueError if malformed."},
    {"encode_request", encode_request, METH_VARARGS,
     "encode_request(conversation, age_source_numbers, kind_numbers) -> bytes: the "
     "serialized ScoreConversationRequest."},
    {"decode_batch", decode_batch, METH_VARARGS,
     "decode_batch(data, message_type, kinds) -> [decode_request(r) for each request]; "
     "ValueError if malformed."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_wire",
    "Compiled decoder of scoring requests (see service/servicers/converters.py).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__wire(void) { return PyModule_Create(&module); }

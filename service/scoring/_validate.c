/* The fast path of validate_conversation's message loop (service/scoring/conversation.py).
 *
 * check_messages answers one question: does every message pass the per-message rules?
 * True means yes. False means "not certain": a message breaks a rule, or holds an id this
 * code does not judge (anything but printable ASCII). The caller then runs the Python
 * loop, which finds the first problem and words it; so the rules and their messages live
 * in one place, and this code may only ever be stricter than they are, never looser.
 * The messages' text is only measured (its length in code points), never read.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

/* A non-empty id of printable ASCII without whitespace, at most max_len long: what
 * check_id accepts for ASCII. Anything else is left to the Python rules. */
static int plain_id(PyObject *s, Py_ssize_t max_len) {
    if (!PyUnicode_Check(s) || !PyUnicode_IS_ASCII(s)) return 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (n == 0 || n > max_len) return 0;
    const unsigned char *p = PyUnicode_1BYTE_DATA(s);
    for (Py_ssize_t i = 0; i < n; i++)
        if (p[i] <= 0x20 || p[i] >= 0x7f) return 0;
    return 1;
}

/* check_messages(messages, participant_ids, earliest, latest, max_chars, max_id_len) */
static PyObject *check_messages(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *messages, *ids;
    double earliest, latest;
    Py_ssize_t max_chars, max_id_len;
    if (!PyArg_ParseTuple(args, "O!Oddnn:check_messages", &PyTuple_Type, &messages, &ids,
                          &earliest, &latest, &max_chars, &max_id_len))
        return NULL;
    if (!PyAnySet_Check(ids)) {
        PyErr_SetString(PyExc_TypeError, "participant_ids must be a set");
        return NULL;
    }
    PyObject *seen = PySet_New(NULL);
    if (!seen) return NULL;
    int ok = 1;
    for (Py_ssize_t i = 0; ok && i < PyTuple_GET_SIZE(messages); i++) {
        PyObject *m = PyTuple_GET_ITEM(messages, i);
        if (!PyTuple_Check(m) || PyTuple_GET_SIZE(m) < 4) { ok = 0; break; }
        PyObject *mid = PyTuple_GET_ITEM(m, 0), *sender = PyTuple_GET_ITEM(m, 1);
        PyObject *sent_at = PyTuple_GET_ITEM(m, 2), *text = PyTuple_GET_ITEM(m, 3);
        if (!plain_id(mid, max_id_len) || !PyFloat_CheckExact(sent_at) ||
            !PyUnicode_Check(text) || !PyUnicode_Check(sender)) { ok = 0; break; }
        int dup = PySet_Contains(seen, mid);
        int known = PySet_Contains(ids, sender);
        if (dup < 0 || known < 0) goto error;
        double t = PyFloat_AS_DOUBLE(sent_at);
        if (dup || !known || isnan(t) || t < earliest || t > latest ||
            PyUnicode_GET_LENGTH(text) > max_chars) { ok = 0; break; }
        if (PySet_Add(seen, mid) < 0) goto error;
    }
    Py_DECREF(seen);
    return PyBool_FromLong(ok);
error:
    Py_DECREF(seen);
    return NULL;
}

static PyMethodDef methods[] = {
    {"check_messages", check_messages, METH_VARARGS,
     "check_messages(messages, participant_ids, earliest, latest, max_chars, max_id_len) -> "
     "True if every message passes validate_conversation's message rules; False if not "
     "certain."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_validate",
    "The fast path of validate_conversation's message loop (see conversation.py).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__validate(void) { return PyModule_Create(&module); }

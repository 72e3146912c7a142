/* Runs the scoring model through onnxruntime's C API, holding the interpreter lock.
 *
 * onnxruntime's Python binding releases the interpreter lock (GIL) around every run. Our
 * model's run takes 30-110 us; on a busy server, taking the lock back afterwards costs
 * more than that: measured on 2 cores with 8 concurrent callers, +0.25 ms of server CPU
 * and +3.5 context switches per unary call. Holding the lock keeps a batch's scoring on
 * one thread from start to end. model.py uses this only with one intra-op thread, when
 * the run could not use a second core anyway.
 *
 * There is no onnxruntime header to build against: the wheel ships libonnxruntime.so
 * but not onnxruntime_c_api.h. The library hands out its API as a table of function
 * pointers (OrtApi), and onnxruntime only ever appends to that table: an entry keeps its
 * position in every later release. Every entry called here was in the first version of
 * the table, so this asks for version 1, which every release serves. The positions are
 * in `enum entry`; tests/scoring/test_parity.py checks every output against the Python
 * binding's, bit for bit.
 *
 * Inputs are read through the buffer protocol (no numpy headers); the output comes back
 * as a list of Python floats. Sessions run one at a time: every call holds the GIL.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlfcn.h>
#include <stdint.h>

typedef struct OrtStatus OrtStatus; /* NULL means success */
typedef void Ort;                   /* every other onnxruntime object: opaque here */

/* Positions in OrtApi of the entries used here (all present since API version 1). */
enum entry {
    GET_ERROR_MESSAGE = 2,
    CREATE_ENV = 3,
    CREATE_SESSION_FROM_ARRAY = 8,
    RUN = 9,
    CREATE_SESSION_OPTIONS = 10,
    SET_SESSION_EXECUTION_MODE = 13,
    SET_SESSION_GRAPH_OPTIMIZATION_LEVEL = 23,
    SET_INTRA_OP_NUM_THREADS = 24,
    SET_INTER_OP_NUM_THREADS = 25,
    CREATE_TENSOR_WITH_DATA_AS_ORT_VALUE = 49,
    CREATE_CPU_MEMORY_INFO = 69,
    RELEASE_STATUS = 93,
    RELEASE_SESSION = 95,
    RELEASE_VALUE = 96,
    RELEASE_SESSION_OPTIONS = 100,
};
enum { API_VERSION = 1, LOG_ERROR = 3, SEQUENTIAL = 0, OPTIMIZE_ALL = 99 };
enum { ARENA_ALLOCATOR = 1, MEM_DEFAULT = 0, FLOAT = 1, INT64 = 7 };

typedef struct {
    void *const *(*get_api)(uint32_t version);
    const char *(*get_version_string)(void);
} ApiBase;

/* The entries' types. */
typedef const char *(*GetErrorMessage)(const OrtStatus *);
typedef OrtStatus *(*CreateEnv)(int level, const char *logid, Ort **out);
typedef OrtStatus *(*CreateSessionFromArray)(const Ort *env, const void *data, size_t len,
                                             const Ort *options, Ort **out);
typedef OrtStatus *(*RunFn)(Ort *session, const Ort *run_options,
                            const char *const *input_names, const Ort *const *inputs,
                            size_t n_inputs, const char *const *output_names,
                            size_t n_outputs, Ort **outputs);
typedef OrtStatus *(*CreateSessionOptions)(Ort **out);
typedef OrtStatus *(*SetInt)(Ort *options, int value);
typedef OrtStatus *(*CreateTensor)(const Ort *memory_info, void *data, size_t data_len,
                                   const int64_t *shape, size_t shape_len, int element_type,
                                   Ort **out);
typedef OrtStatus *(*CreateCpuMemoryInfo)(int allocator, int mem_type, Ort **out);
typedef void (*Release)(void *);

static const ApiBase *base; /* set once the library is loaded */
static void *const *api;    /* OrtApi */
static Ort *env;            /* one per process, never released */
static Ort *memory_info;    /* describes our buffers: plain CPU memory */

#define CALL(type, position) ((type)api[position])

/* With a status: raise RuntimeError with onnxruntime's message (names and shapes, never
 * data), free the status and return 1. Without: return 0. */
static int failed(OrtStatus *status) {
    if (status == NULL) return 0;
    PyErr_Format(PyExc_RuntimeError, "onnxruntime: %s",
                 CALL(GetErrorMessage, GET_ERROR_MESSAGE)(status));
    CALL(Release, RELEASE_STATUS)(status);
    return 1;
}

/* load(library_path) -> onnxruntime's version. Once per process; later calls only
 * return the version. */
static PyObject *load(PyObject *Py_UNUSED(self), PyObject *args) {
    const char *path;
    if (!PyArg_ParseTuple(args, "s:load", &path)) return NULL;
    if (base == NULL) {
        void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (lib == NULL) return PyErr_Format(PyExc_OSError, "cannot load %s", path);
        const ApiBase *(*get_base)(void) =
            (const ApiBase *(*)(void))dlsym(lib, "OrtGetApiBase");
        const ApiBase *found = get_base ? get_base() : NULL;
        api = found ? found->get_api(API_VERSION) : NULL;
        if (api == NULL) {
            dlclose(lib);
            return PyErr_Format(PyExc_OSError, "%s serves no onnxruntime API", path);
        }
        if (failed(CALL(CreateEnv, CREATE_ENV)(LOG_ERROR, "grooming-risk", &env)) ||
            failed(CALL(CreateCpuMemoryInfo, CREATE_CPU_MEMORY_INFO)(
                ARENA_ALLOCATOR, MEM_DEFAULT, &memory_info))) {
            api = NULL; /* the library stays loaded: onnxruntime may hold threads in it */
            return NULL;
        }
        base = found;
    }
    return PyUnicode_FromString(base->get_version_string());
}

typedef struct {
    PyObject_HEAD
    Ort *session;
    Py_ssize_t dense_width;
} Session;

static void session_dealloc(Session *self) {
    if (self->session) CALL(Release, RELEASE_SESSION)(self->session);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Session(model_bytes, dense_width): one sequential session on the calling thread. */
static PyObject *session_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    Py_buffer model;
    Py_ssize_t dense_width;
    static char *names[] = {"model", "dense_width", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "y*n:Session", names, &model,
                                     &dense_width))
        return NULL;
    if (base == NULL) {
        PyBuffer_Release(&model);
        PyErr_SetString(PyExc_RuntimeError, "onnxruntime is not loaded: call load() first");
        return NULL;
    }
    Session *self = (Session *)type->tp_alloc(type, 0);
    Ort *options = NULL;
    if (self == NULL) goto done;
    self->dense_width = dense_width;
    if (failed(CALL(CreateSessionOptions, CREATE_SESSION_OPTIONS)(&options)) ||
        failed(CALL(SetInt, SET_INTRA_OP_NUM_THREADS)(options, 1)) ||
        failed(CALL(SetInt, SET_INTER_OP_NUM_THREADS)(options, 1)) ||
        failed(CALL(SetInt, SET_SESSION_EXECUTION_MODE)(options, SEQUENTIAL)) ||
        failed(CALL(SetInt, SET_SESSION_GRAPH_OPTIMIZATION_LEVEL)(options, OPTIMIZE_ALL)) ||
        failed(CALL(CreateSessionFromArray, CREATE_SESSION_FROM_ARRAY)(
            env, model.buf, (size_t)model.len, options, &self->session)))
        Py_CLEAR(self);
done:
    if (options) CALL(Release, RELEASE_SESSION_OPTIONS)(options);
    PyBuffer_Release(&model);
    return (PyObject *)self;
}

/* A C-contiguous buffer of `ndim` dimensions holding int64 (format 'l' or 'q') or float32
 * ('f'), as numpy exposes them. */
static int get_input(PyObject *obj, Py_buffer *view, int element_type, int ndim,
                     const char *name) {
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return 0;
    const char *f = view->format ? view->format : "B";
    if (*f == '<' || *f == '=' || *f == '@') f++;
    int ok = element_type == INT64 ? view->itemsize == 8 && (!strcmp(f, "l") || !strcmp(f, "q"))
                                   : view->itemsize == 4 && !strcmp(f, "f");
    if (!ok || view->ndim != ndim) {
        PyErr_Format(PyExc_TypeError, "%s: expected a C-contiguous %s array of %d dimension(s)",
                     name, element_type == INT64 ? "int64" : "float32", ndim);
        PyBuffer_Release(view);
        return 0;
    }
    return 1;
}

static const char *const input_names[] = {"ngram_ids", "ngram_counts", "segments", "dense"};
static const char *const output_names[] = {"probability"};
enum { N_INPUTS = 4 };

/* run(ngram_ids, ngram_counts, segments, dense) -> list of the probability per row of dense */
static PyObject *session_run(Session *self, PyObject *args) {
    PyObject *objs[N_INPUTS];
    if (!PyArg_ParseTuple(args, "OOOO:run", &objs[0], &objs[1], &objs[2], &objs[3]))
        return NULL;
    static const int types[N_INPUTS] = {INT64, FLOAT, INT64, FLOAT};
    static const int ndims[N_INPUTS] = {1, 1, 1, 2};
    Py_buffer views[N_INPUTS];
    Ort *values[N_INPUTS] = {NULL};
    Ort *output = NULL;
    PyObject *result = NULL;
    float *probabilities = NULL;
    int n_views = 0;
    for (; n_views < N_INPUTS; n_views++)
        if (!get_input(objs[n_views], &views[n_views], types[n_views], ndims[n_views],
                       input_names[n_views]))
            goto done;
    Py_ssize_t n = views[0].shape[0], rows = views[3].shape[0];
    if (views[1].shape[0] != n || views[2].shape[0] != n ||
        views[3].shape[1] != self->dense_width) {
        PyErr_SetString(PyExc_ValueError, "inputs' lengths or dense width do not match");
        goto done;
    }
    static char empty[8]; /* onnxruntime wants a pointer even for no elements */
    for (int i = 0; i < N_INPUTS; i++) {
        int64_t shape[2] = {views[i].shape[0], ndims[i] == 2 ? views[i].shape[1] : 0};
        if (failed(CALL(CreateTensor, CREATE_TENSOR_WITH_DATA_AS_ORT_VALUE)(
                memory_info, views[i].len ? views[i].buf : empty, (size_t)views[i].len, shape,
                (size_t)ndims[i], types[i], &values[i])))
            goto done;
    }
    /* The output goes to our own buffer: onnxruntime refuses a run whose output would not
     * be exactly `rows` floats, so nothing is read past it. */
    probabilities = PyMem_Malloc(sizeof(float) * (size_t)(rows ? rows : 1));
    if (probabilities == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int64_t out_shape[1] = {rows};
    if (failed(CALL(CreateTensor, CREATE_TENSOR_WITH_DATA_AS_ORT_VALUE)(
            memory_info, probabilities, sizeof(float) * (size_t)rows, out_shape, 1, FLOAT,
            &output)))
        goto done;
    if (failed(CALL(RunFn, RUN)(self->session, NULL, input_names, (const Ort *const *)values,
                                N_INPUTS, output_names, 1, &output)))
        goto done;
    result = PyList_New(rows);
    for (Py_ssize_t r = 0; result && r < rows; r++) {
        PyObject *p = PyFloat_FromDouble((double)probabilities[r]);
        if (p == NULL) Py_CLEAR(result);
        else PyList_SET_ITEM(result, r, p);
    }
done:
    if (output) CALL(Release, RELEASE_VALUE)(output);
    for (int i = 0; i < N_INPUTS; i++)
        if (values[i]) CALL(Release, RELEASE_VALUE)(values[i]);
    for (int i = 0; i < n_views; i++) PyBuffer_Release(&views[i]);
    PyMem_Free(probabilities);
    return result;
}

static PyMethodDef session_methods[] = {
    {"run", (PyCFunction)session_run, METH_VARARGS,
     "run(ngram_ids, ngram_counts, segments, dense) -> probabilities, a list of floats "
     "(float32 values), one per row of dense. Holds the GIL."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SessionType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "service.scoring._onnx.Session",
    .tp_basicsize = sizeof(Session),
    .tp_dealloc = (destructor)session_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Session(model, dense_width): the scoring model in onnxruntime, one intra-op "
              "thread, sequential, all graph optimisations.",
    .tp_methods = session_methods,
    .tp_new = session_new,
};

static PyMethodDef methods[] = {
    {"load", load, METH_VARARGS,
     "load(library_path) -> version: load libonnxruntime (once per process)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_onnx",
    "The scoring model's runs through onnxruntime's C API, holding the GIL (see _onnx.c).",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__onnx(void) {
    if (PyType_Ready(&SessionType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    Py_INCREF(&SessionType);
    if (PyModule_AddObject(m, "Session", (PyObject *)&SessionType) < 0) {
        Py_DECREF(&SessionType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

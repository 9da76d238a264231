// The HiGHS backend, loaded at run time with dlopen.

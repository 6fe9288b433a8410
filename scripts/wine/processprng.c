/* A test fixture for scripts/wine-test, never shipped. Go >= 1.22 programs ask
 * bcryptprimitives.dll for ProcessPrng at start-up; Wine 8 has no such DLL, so
 * they stop before main. This one exports ProcessPrng and fills the buffer from
 * RtlGenRandom (advapi32's SystemFunction036), which Wine does have. It is
 * compiled by scripts/wine-test and copied into that run's Wine prefix only. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

/*
 * replay.c: a main() for a fuzz target without libFuzzer, so `make test`
 * can run every file of a corpus through it under AddressSanitizer and
 * UBSan with any compiler: replay_X FILE_OR_FOLDER... (folders are read
 * one level deep, files in name order). Prints how many inputs ran.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "base/util.h"

static int run_file(const char *path)
{
    char *data;
    size_t len;
    if (co_read_file(path, &data, &len) != 0) {
        perror(path);
        return -1;
    }
    /* an exact-size copy, so reading past the end is caught */
    char *copy = malloc(len ? len : 1);
    if (!copy) {
        free(data);
        return -1;
    }
    memcpy(copy, data, len);
    free(data);
    LLVMFuzzerTestOneInput((const uint8_t *)copy, len);
    free(copy);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    int n = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            bad++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            bad += run_file(argv[i]) != 0;
            n++;
            continue;
        }
        struct dirent **ents;
        int k = scandir(argv[i], &ents, NULL, by_name);
        if (k < 0) {
            perror(argv[i]);
            bad++;
            continue;
        }
        for (int j = 0; j < k; j++) {
            if (ents[j]->d_name[0] != '.') {
                char *p = co_asprintf("%s/%s", argv[i], ents[j]->d_name);
                if (p && stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
                    bad += run_file(p) != 0;
                    n++;
                }
                free(p);
            }
            free(ents[j]);
        }
        free(ents);
    }
    printf("%d inputs replayed%s\n", n, bad ? ", some could not be read" : "");
    return bad ? 1 : 0;
}

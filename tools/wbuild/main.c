/* wbuild: compiles a system description (XML) into a boot spec and packs it behind the kernel
 * into one bootable image. Usage in docs/system-description.md. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dot.h"
#include "pack.h"
#include "print.h"
#include "wbuild.h"

#ifndef SMC_CAP
#error "build with -DSMC_CAP=0 or -DSMC_CAP=1 (the kernel's build option)"
#endif

static void usage(FILE *f)
{
	fputs("usage: wbuild [-k KERNEL.bin -o OUT.img] [-I DIR]... [--dot OUT.dot] [--print] "
	      "SYSTEM.xml\n"
	      "  -k, --kernel FILE   the kernel as a raw arm64 Image\n"
	      "  -o, --output FILE   the bootable image: kernel + boot spec (and OUT.V.dts,\n"
	      "                      the device tree source of each virtual machine V)\n"
	      "  -I, --include DIR   where to look for image=\"...\" files after the\n"
	      "                      description's own directory (repeatable)\n"
	      "      --dot FILE      write the system as a Graphviz graph\n"
	      "      --print         print the compiled boot spec\n"
	      "Without -o, wbuild checks the description (and writes --dot, --print).\n",
	      f);
}

/* An output file, written whole to a temporary and renamed into place at the end, so a failed
 * run leaves no half-written file behind. */
struct output {
	const char *path;
	char *tmp;
	const u8 *data;
	size_t size;
};

static bool write_tmp(struct output *o, struct diag *d)
{
	size_t len = strlen(o->path) + 32;
	FILE *f;

	o->tmp = malloc(len);
	if (!o->tmp)
		return false;
	snprintf(o->tmp, len, "%s.tmp%ld", o->path, (long)getpid());
	f = fopen(o->tmp, "wb");
	if (!f || fwrite(o->data, 1, o->size, f) != o->size || fclose(f) != 0) {
		diag_file_error(d, o->path, "cannot write: %s", strerror(errno));
		if (f)
			unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return false;
	}
	return true;
}

/* Writes every output or none. */
static bool write_outputs(struct output *outs, size_t n, struct diag *d)
{
	bool ok = true;

	for (size_t i = 0; i < n && ok; i++)
		ok = write_tmp(&outs[i], d);
	for (size_t i = 0; i < n; i++) {
		if (!outs[i].tmp)
			continue;
		if (ok && rename(outs[i].tmp, outs[i].path) != 0) {
			diag_file_error(d, outs[i].path, "cannot write: %s", strerror(errno));
			ok = false;
		}
		if (!ok)
			unlink(outs[i].tmp);
		free(outs[i].tmp);
	}
	return ok;
}

/* OUT.img -> OUT.V.dts (any other name: OUT.V.dts after the whole name). */
static char *dts_path(const char *output, const char *vm)
{
	size_t len = strlen(output), base = len;
	char *path;

	if (len > 4 && strcmp(output + len - 4, ".img") == 0)
		base -= 4;
	path = malloc(base + strlen(vm) + 6);
	if (!path) {
		fputs("wbuild: error: out of memory\n", stderr);
		exit(1);
	}
	sprintf(path, "%.*s.%s.dts", (int)base, output, vm);
	return path;
}

struct args {
	const char *kernel, *output, *dot, *xml;
	bool print;
	const char **dirs;
	size_t dir_count;
};

/* 0 on success, 2 on a usage error. */
static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option longopts[] = {
	    {"kernel", required_argument, NULL, 'k'},
	    {"output", required_argument, NULL, 'o'},
	    {"include", required_argument, NULL, 'I'},
	    {"dot", required_argument, NULL, 'd'},
	    {"print", no_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	a->dirs = calloc((size_t)argc, sizeof(*a->dirs));
	while ((c = getopt_long(argc, argv, "k:o:I:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			a->kernel = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'I':
			a->dirs[a->dir_count++] = optarg;
			break;
		case 'd':
			a->dot = optarg;
			break;
		case 'p':
			a->print = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1 || !a->kernel != !a->output) {
		if (optind == argc - 1)
			fputs("wbuild: error: -k and -o go together\n", stderr);
		usage(stderr);
		return 2;
	}
	a->xml = argv[optind];
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = {0};
	struct diag d = {stderr, NULL, 0, 0};
	struct wbuild_result res;
	struct output *outs = NULL;
	char **dts_paths = NULL;
	size_t n_outs = 0, n_dts = 0;
	u8 *kernel = NULL, *image = NULL;
	size_t kernel_size, image_size;
	char *dot_text = NULL;
	size_t dot_size = 0;
	char err[256];
	int usage_status = parse_args(argc, argv, &a);

	if (usage_status) {
		free(a.dirs);
		return usage_status;
	}
	d.file = a.xml;
	if (a.kernel && !read_file(a.kernel, &kernel, &kernel_size))
		diag_file_error(&d, a.kernel, "cannot read: %s", strerror(errno));

	struct wbuild_options opt = {SMC_CAP, {a.dirs, a.dir_count}};
	if (wbuild_compile(&opt, &d, &res) && d.errors == 0) {
		outs = calloc(2 + res.sys.vms.n, sizeof(*outs));
		dts_paths = calloc(res.sys.vms.n + 1, sizeof(*dts_paths));
		if (!outs || !dts_paths) {
			fputs("wbuild: error: out of memory\n", stderr);
			return 1;
		}
		/* Each guest's device tree source, next to the image, for people to read. */
		for (size_t i = 0; a.output && i < res.sys.vms.n; i++) {
			const struct vm *vm = &res.sys.vms.v[i];

			dts_paths[n_dts] = dts_path(a.output, vm->name);
			outs[n_outs++] = (struct output){
			    dts_paths[n_dts++], NULL, (u8 *)vm->build.dts, strlen(vm->build.dts)};
		}
		if (kernel) {
			if (pack_image(kernel, kernel_size, res.spec, res.spec_size, &image,
				       &image_size, err, sizeof(err)))
				outs[n_outs++] = (struct output){a.output, NULL, image, image_size};
			else
				diag_file_error(&d, a.kernel, "%s", err);
		}
		if (a.dot) {
			FILE *f = open_memstream(&dot_text, &dot_size);

			dot_write(f, &res.sys);
			fclose(f);
			outs[n_outs++] = (struct output){a.dot, NULL, (u8 *)dot_text, dot_size};
		}
		if (d.errors == 0 && write_outputs(outs, n_outs, &d) && a.print)
			spec_print(stdout, res.spec, res.spec_size);
	}
	wbuild_result_free(&res);
	for (size_t i = 0; i < n_dts; i++)
		free(dts_paths[i]);
	free(dts_paths);
	free(outs);
	free(kernel);
	free(image);
	free(dot_text);
	free(a.dirs);
	return d.errors ? 1 : 0;
}

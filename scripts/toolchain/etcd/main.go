// Command etcd is etcd's own server entry point, built from the module proxy:
// `go install` refuses go.etcd.io/etcd/v3 because its go.mod has replace directives.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
